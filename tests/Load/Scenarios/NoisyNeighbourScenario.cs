using Platform.Client;
using Platform.Contracts.Jobs;
using Platform.Load.Measuring;
using Platform.TestCluster;

namespace Platform.Load.Scenarios;

/// <summary>
/// Two users on one host. The quiet one submits one job at a time and measures each one's time from submit to
/// start, first alone and then while the noisy one floods the host (<see cref="NoisyFlood"/>); the ratio of the
/// two p99s is the figure, and no job of either user may be lost.
/// </summary>
public static class NoisyNeighbourScenario
{
    public static async Task<ScenarioResult> RunAsync(LoadRun run)
    {
        var samples = run.Options.Jobs ?? 40;
        await using var deployment = await run.DeployAsync("noisy-neighbour", HostRole.Worker);
        var url = deployment.Urls[0];
        var quiet = deployment.Client(url);
        var noisyKey = await deployment.NewUserKeyAsync();
        var noisy = deployment.Client(url, noisyKey);

        await PickupScenario.MeasureAsync(quiet, 5, new Latencies());
        var idle = new Latencies();
        var flooded = new Latencies();
        var floodedSubmits = new Latencies();
        var quietJobs = new List<Guid>();
        var flood = new NoisyFlood(noisy, url, noisyKey);
        using var stop = new CancellationTokenSource();
        await using (new ProgressLine("noisy-neighbour", () => $"{idle.Count + flooded.Count}/{2 * samples} quiet jobs, {flood.Submitted.Count} noisy"))
        {
            await PickupScenario.MeasureAsync(quiet, samples, idle, jobIds: quietJobs);
            var flooding = flood.RunAsync(stop.Token);
            await Task.WhenAny(flood.Ready, flooding);
            await PickupScenario.MeasureAsync(quiet, samples, flooded, floodedSubmits, quietJobs);
            await stop.CancelAsync();
            await flooding;
        }

        var noisyLost = await UnfinishedAfterDrainAsync(noisy, flood.Submitted.Count);
        var quietLost = await UnfinishedAfterDrainAsync(quiet, quietJobs.Count + 5) + await DrainScenario.CountRunTwiceAsync(quiet, quietJobs);
        var figures = new Dictionary<string, double>
        {
            ["quietJobs"] = quietJobs.Count,
            ["idleP50Ms"] = idle.Percentile(50),
            ["idleP99Ms"] = idle.Percentile(99),
            ["floodedP50Ms"] = flooded.Percentile(50),
            ["floodedP99Ms"] = flooded.Percentile(99),
            ["floodedSubmitP50Ms"] = floodedSubmits.Percentile(50),
            ["floodedSubmitP99Ms"] = floodedSubmits.Percentile(99),
            ["p99RatioToIdle"] = Math.Round(flooded.Percentile(99) / Math.Max(1, idle.Percentile(99)), 2),
            ["lost"] = noisyLost + quietLost,
        };
        foreach (var (name, value) in flood.Figures)
            figures[name] = value;
        return new ScenarioResult("noisy-neighbour", figures);
    }

    /// <summary>Waits for the user's jobs to end; answers how many of the <paramref name="submitted"/> did not succeed.</summary>
    private static async Task<long> UnfinishedAfterDrainAsync(PlatformClient client, int submitted)
    {
        var patience = DateTimeOffset.UtcNow + TimeSpan.FromSeconds(60 + submitted / 20.0);
        JobStats stats;
        while ((stats = await client.GetStatsAsync()).Succeeded + stats.Failed + stats.Cancelled < submitted && DateTimeOffset.UtcNow < patience)
            await Task.Delay(200);
        return submitted - stats.Succeeded;
    }
}
