using System.Diagnostics;
using Platform.Contracts.Jobs;
using Platform.Load.Measuring;
using Platform.TestCluster;

namespace Platform.Load.Scenarios;

/// <summary>
/// N no-op jobs of a remote type are queued; then 8 workers (HTTP loops in this tool) claim and end them through one
/// host. The rate is jobs over the span from the first start to the last finish; lost as in <see cref="DrainScenario"/>.
/// </summary>
public static class RemoteDrainScenario
{
    public const int Workers = 8;

    public static async Task<ScenarioResult> RunAsync(LoadRun run)
    {
        var count = run.Options.Jobs ?? 3000;
        await using var deployment = await run.DeployAsync("drain-remote", HostRole.AcceptOnly);
        var client = deployment.Client(deployment.Urls[0]);
        var before = (await client.GetStatsAsync()).Succeeded;
        var ids = await LoadRun.SubmitManyAsync(client, RemoteWorkers.Job, count, run.Options.Callers ?? 32);

        using var stop = new CancellationTokenSource();
        var working = new RemoteWorkers(deployment, run.Options.Clients ?? Workers).RunAsync(stop.Token);
        var clock = Stopwatch.StartNew();
        var succeeded = 0L;
        await using (new ProgressLine("drain-remote", () => $"{succeeded}/{count} succeeded"))
        {
            var patience = TimeSpan.FromSeconds(60 + count / 20.0);
            while ((succeeded = (await client.GetStatsAsync()).Succeeded - before) < count && clock.Elapsed < patience && !working.IsFaulted)
                await Task.Delay(200);
        }
        await stop.CancelAsync();
        await working;

        var wanted = ids.ToHashSet();
        var finished = (await LoadRun.AllJobsAsync(client))
            .Where(j => wanted.Contains(j.Id) && j.Status == JobStatus.Succeeded && j.StartedAt is not null && j.FinishedAt is not null).ToList();
        var span = finished.Count == 0 ? TimeSpan.Zero : finished.Max(j => j.FinishedAt!.Value) - finished.Min(j => j.StartedAt!.Value);
        return new ScenarioResult("drain-remote", new Dictionary<string, double>
        {
            ["workers"] = run.Options.Clients ?? Workers,
            ["jobs"] = count,
            ["jobsPerSecond"] = span > TimeSpan.Zero ? Math.Round(finished.Count / span.TotalSeconds, 1) : 0,
            ["lost"] = count - finished.Count + await DrainScenario.CountRunTwiceAsync(client, finished.Select(j => j.Id).ToList()),
        });
    }
}
