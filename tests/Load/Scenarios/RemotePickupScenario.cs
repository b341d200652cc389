using System.Collections.Concurrent;
using Platform.Load.Measuring;
using Platform.TestCluster;

namespace Platform.Load.Scenarios;

/// <summary>One job at a time to one idle worker that long-polls its claim: the time from sending the submit to the claim's answer.</summary>
public static class RemotePickupScenario
{
    private static readonly TimeSpan Idle = TimeSpan.FromMilliseconds(300);

    public static async Task<ScenarioResult> RunAsync(LoadRun run)
    {
        var samples = run.Options.Jobs ?? 40;
        await using var deployment = await run.DeployAsync("pickup-remote", HostRole.AcceptOnly);
        var client = deployment.Client(deployment.Urls[0]);
        var claimedAt = new ConcurrentDictionary<Guid, DateTimeOffset>();
        var arrived = new SemaphoreSlim(0);
        using var stop = new CancellationTokenSource();
        var worker = new RemoteWorkers(deployment, 1)
        {
            Claimed = id =>
            {
                claimedAt[id] = DateTimeOffset.UtcNow;
                arrived.Release();
            },
        }.RunAsync(stop.Token);

        var latencies = new Latencies();
        await using (new ProgressLine("pickup-remote", () => $"{latencies.Count}/{samples} jobs"))
            for (var i = 0; i < samples + PickupScenario.WarmUps(samples); i++)
            {
                await Task.Delay(Idle);
                var sent = DateTimeOffset.UtcNow;
                var job = await client.SubmitAsync(RemoteWorkers.Job);
                if (!await arrived.WaitAsync(TimeSpan.FromSeconds(30)))
                    throw new TimeoutException($"No worker claimed job {job.Id} within 30 s.");
                // The first few warm up the host and the worker's connection.
                if (i >= PickupScenario.WarmUps(samples))
                    latencies.Add(claimedAt[job.Id] - sent);
            }
        await stop.CancelAsync();
        await worker;
        return new ScenarioResult("pickup-remote", new Dictionary<string, double>
        {
            ["jobs"] = samples,
            ["p50Ms"] = latencies.Percentile(50),
            ["p99Ms"] = latencies.Percentile(99),
        });
    }
}
