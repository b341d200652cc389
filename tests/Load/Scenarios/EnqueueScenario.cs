using System.Diagnostics;
using Platform.Load.Measuring;
using Platform.TestCluster;

namespace Platform.Load.Scenarios;

/// <summary>
/// C callers submit no-op jobs as fast as they are accepted (acknowledged = committed) to a host that runs none: first
/// for a second user, as long as the measure lasts, while the host's code is compiled (the cold rate); then measured.
/// </summary>
public static class EnqueueScenario
{
    public static async Task<ScenarioResult> RunAsync(LoadRun run)
    {
        var callers = run.Options.Callers ?? 32;
        var duration = TimeSpan.FromSeconds(run.Options.Seconds ?? 10);
        var limit = run.Options.Jobs ?? int.MaxValue;
        await using var deployment = await run.DeployAsync("enqueue", HostRole.AcceptOnly);
        // Each user's queue has a limit; the warm-up's jobs must not count against the measured ones.
        var warmUp = deployment.Client(deployment.Urls[0], await deployment.NewUserKeyAsync());
        var (cold, coldSeconds) = await SubmitAsync(warmUp, "enqueue cold", callers, duration, limit);
        var (warm, seconds) = await SubmitAsync(deployment.Client(deployment.Urls[0]), "enqueue", callers, duration, limit);
        return new ScenarioResult("enqueue", new Dictionary<string, double>
        {
            ["callers"] = callers,
            ["jobs"] = warm.Count,
            ["jobsPerSecond"] = Math.Round(warm.Count / seconds, 1),
            ["p50Ms"] = warm.Percentile(50),
            ["p99Ms"] = warm.Percentile(99),
            ["coldJobsPerSecond"] = Math.Round(cold.Count / coldSeconds, 1),
            ["coldP99Ms"] = cold.Percentile(99),
        });
    }

    private static async Task<(Latencies Latencies, double Seconds)> SubmitAsync(Platform.Client.PlatformClient client, string label, int callers,
        TimeSpan duration, int limit)
    {
        var latencies = new Latencies();
        var clock = Stopwatch.StartNew();
        await using (new ProgressLine(label, () => $"{latencies.Count} accepted, {latencies.Count / clock.Elapsed.TotalSeconds:F0} jobs/s"))
            await Callers.RunAsync(callers, duration, latencies, (_, _) => client.SubmitAsync(LoadRun.Noop), limit);
        return (latencies, clock.Elapsed.TotalSeconds);
    }
}
