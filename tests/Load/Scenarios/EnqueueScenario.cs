using System.Diagnostics;
using Platform.Load.Measuring;
using Platform.TestCluster;

namespace Platform.Load.Scenarios;

/// <summary>C callers submit no-op jobs as fast as they are accepted (acknowledged = committed) to a host that runs none.</summary>
public static class EnqueueScenario
{
    public static async Task<ScenarioResult> RunAsync(LoadRun run)
    {
        var callers = run.Options.Callers ?? 32;
        var duration = TimeSpan.FromSeconds(run.Options.Seconds ?? 10);
        var limit = run.Options.Jobs ?? int.MaxValue;
        await using var deployment = await run.DeployAsync("enqueue", HostRole.AcceptOnly);
        var client = deployment.Client(deployment.Urls[0]);
        await LoadRun.SubmitManyAsync(client, LoadRun.Noop, 200, callers);

        var latencies = new Latencies();
        var clock = Stopwatch.StartNew();
        await using (new ProgressLine("enqueue", () => $"{latencies.Count} accepted, {latencies.Count / clock.Elapsed.TotalSeconds:F0} jobs/s"))
            await Callers.RunAsync(callers, duration, latencies, (_, _) => client.SubmitAsync(LoadRun.Noop), limit);
        var seconds = clock.Elapsed.TotalSeconds;
        return new ScenarioResult("enqueue", new Dictionary<string, double>
        {
            ["callers"] = callers,
            ["jobs"] = latencies.Count,
            ["jobsPerSecond"] = Math.Round(latencies.Count / seconds, 1),
            ["p50Ms"] = latencies.Percentile(50),
            ["p99Ms"] = latencies.Percentile(99),
        });
    }
}
