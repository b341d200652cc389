using Platform.Client;
using Platform.Contracts.Jobs;
using Platform.Load.Measuring;
using Platform.TestCluster;

namespace Platform.Load.Scenarios;

/// <summary>
/// One job at a time on idle hosts: the time from sending the submit to the job's recorded start, when the
/// host that accepted it runs it and when only the other host runs jobs.
/// </summary>
public static class PickupScenario
{
    private static readonly TimeSpan Idle = TimeSpan.FromMilliseconds(300);

    public static async Task<ScenarioResult> RunAsync(LoadRun run)
    {
        var samples = run.Options.Jobs ?? 40;
        await using var deployment = await run.DeployAsync("pickup", HostRole.AcceptOnly, HostRole.Worker);
        var acceptOnly = deployment.Client(deployment.Urls[0]);
        var worker = deployment.Client(deployment.Urls[^1]);
        // Both hosts answer a few submits first (as many as are measured, up to five): a cold host's first requests measure
        // start-up, not pickup.
        await MeasureAsync(worker, WarmUps(samples), new Latencies());
        await MeasureAsync(acceptOnly, WarmUps(samples), new Latencies());

        var sameHost = new Latencies();
        var otherHost = new Latencies();
        var submits = new Latencies();
        await using (new ProgressLine("pickup", () => $"{sameHost.Count + otherHost.Count}/{2 * samples} jobs"))
        {
            await MeasureAsync(worker, samples, sameHost);
            if (deployment.Urls.Count > 1)
                await MeasureAsync(acceptOnly, samples, otherHost, submits);
        }
        return new ScenarioResult("pickup", new Dictionary<string, double>
        {
            ["jobs"] = samples,
            ["p50Ms"] = otherHost.Percentile(50),
            ["p99Ms"] = otherHost.Percentile(99),
            ["sameHostP50Ms"] = sameHost.Percentile(50),
            ["sameHostP99Ms"] = sameHost.Percentile(99),
            ["submitP50Ms"] = submits.Percentile(50),
            ["submitP99Ms"] = submits.Percentile(99),
        });
    }

    public static int WarmUps(int samples) => Math.Min(5, samples);

    /// <summary>Submits one job at a time, a short pause apart, and records each one's time from submit to start.</summary>
    /// <param name="submits">Also records how long the submit itself took, to tell accepting from picking up.</param>
    /// <param name="jobIds">Also collects the jobs submitted.</param>
    public static async Task MeasureAsync(PlatformClient client, int samples, Latencies latencies, Latencies? submits = null, List<Guid>? jobIds = null)
    {
        for (var i = 0; i < samples; i++)
        {
            await Task.Delay(Idle);
            var sent = DateTimeOffset.UtcNow;
            var job = await client.SubmitAsync(LoadRun.Noop);
            submits?.Add(DateTimeOffset.UtcNow - sent);
            jobIds?.Add(job.Id);
            while (job.StartedAt is null)
            {
                await Task.Delay(10);
                job = await client.GetJobAsync(job.Id);
            }
            latencies.Add(job.StartedAt.Value - sent);
        }
    }
}
