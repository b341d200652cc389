using System.Diagnostics;
using Platform.Load.Measuring;
using Platform.TestCluster;

namespace Platform.Load.Scenarios;

/// <summary>C callers alternate reading one job and reading a page of the job list.</summary>
public static class ReadsScenario
{
    public static async Task<ScenarioResult> RunAsync(LoadRun run)
    {
        var callers = run.Options.Callers ?? 32;
        var duration = TimeSpan.FromSeconds(run.Options.Seconds ?? 10);
        await using var deployment = await run.DeployAsync("reads", HostRole.Worker);
        var client = deployment.Client(deployment.Urls[0]);
        var ids = await LoadRun.SubmitManyAsync(client, LoadRun.Noop, 200, 16);

        Task Read(int caller, int round) => (caller + round) % 2 == 0
            ? client.GetJobAsync(ids[(caller + round) % ids.Count])
            : client.ListJobsAsync(page: 1 + (caller + round) % 5, pageSize: 20);

        // Steady state is the figure: the first seconds measure the JIT, not the platform.
        await Callers.RunAsync(callers, TimeSpan.FromSeconds(2), new Latencies(), Read);
        var latencies = new Latencies();
        var clock = Stopwatch.StartNew();
        await using (new ProgressLine("reads", () => $"{latencies.Count} requests, {latencies.Count / clock.Elapsed.TotalSeconds:F0}/s"))
        {
            await Callers.RunAsync(callers, duration, latencies, Read);
        }
        return new ScenarioResult("reads", new Dictionary<string, double>
        {
            ["callers"] = callers,
            ["requests"] = latencies.Count,
            ["requestsPerSecond"] = Math.Round(latencies.Count / clock.Elapsed.TotalSeconds, 1),
            ["p50Ms"] = latencies.Percentile(50),
            ["p99Ms"] = latencies.Percentile(99),
        });
    }
}
