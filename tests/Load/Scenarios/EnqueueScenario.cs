using System.Collections.Concurrent;
using System.Diagnostics;
using Platform.Load.Measuring;
using Platform.TestCluster;

namespace Platform.Load.Scenarios;

/// <summary>
/// C callers submit no-op jobs as fast as they are accepted (acknowledged = committed) to a host that runs none: first
/// for a second user, as long as the measure lasts, while the host's code is compiled (the cold rate); then measured.
/// Metered (<see cref="Metering"/>), each submit also holds the job's price in the owner's balance.
/// </summary>
public static class EnqueueScenario
{
    public static Task<ScenarioResult> RunAsync(LoadRun run) => RunAsync(run, Metering.Off);

    public static async Task<ScenarioResult> RunAsync(LoadRun run, Metering metering)
    {
        var callers = run.Options.Callers ?? 32;
        var duration = TimeSpan.FromSeconds(run.Options.Seconds ?? 10);
        var limit = run.Options.Jobs ?? int.MaxValue;
        var name = metering.NameOf("enqueue");
        await using var deployment = await run.DeployAsync(name, metering, HostRole.AcceptOnly);
        var measured = deployment.Client(deployment.Urls[0]);
        // Each user's queue has a limit; the warm-up's jobs must not count against the measured ones.
        var warmUp = deployment.Client(deployment.Urls[0], await deployment.NewUserKeyAsync());
        await metering.PayForAsync(deployment, warmUp, measured);
        var (cold, coldSeconds, _) = await SubmitAsync(warmUp, $"{name} cold", callers, duration, limit);
        var (warm, seconds, ids) = await SubmitAsync(measured, name, callers, duration, limit);
        return new ScenarioResult(name, new Dictionary<string, double>
        {
            ["callers"] = callers,
            ["jobs"] = warm.Count,
            ["jobsPerSecond"] = Math.Round(warm.Count / seconds, 1),
            ["p50Ms"] = warm.Percentile(50),
            ["p99Ms"] = warm.Percentile(99),
            ["coldJobsPerSecond"] = Math.Round(cold.Count / coldSeconds, 1),
            ["coldP99Ms"] = cold.Percentile(99),
        }, await metering.FaultAsync(deployment, measured, ids, ran: false));
    }

    private static async Task<(Latencies Latencies, double Seconds, IReadOnlyCollection<Guid> Ids)> SubmitAsync(Platform.Client.PlatformClient client,
        string label, int callers, TimeSpan duration, int limit)
    {
        var latencies = new Latencies();
        var ids = new ConcurrentBag<Guid>();
        var clock = Stopwatch.StartNew();
        await using (new ProgressLine(label, () => $"{latencies.Count} accepted, {latencies.Count / clock.Elapsed.TotalSeconds:F0} jobs/s"))
            await Callers.RunAsync(callers, duration, latencies, async (_, _) => ids.Add((await client.SubmitAsync(LoadRun.Noop)).Id), limit);
        return (latencies, clock.Elapsed.TotalSeconds, ids.ToHashSet());
    }
}
