using System.Diagnostics;
using Platform.Contracts.Jobs;
using Platform.Load.Measuring;
using Platform.TestCluster;

namespace Platform.Load.Scenarios;

/// <summary>
/// N no-op jobs are queued on a host that runs none; then worker hosts start and drain them. The rates are those of
/// <see cref="DrainRates"/>; a job lost is one not finished, or run twice.
/// </summary>
public static class DrainScenario
{
    public static async Task<ScenarioResult> RunAsync(LoadRun run, int hosts)
    {
        var count = run.Options.Jobs ?? 5000;
        var name = hosts == 1 ? "drain" : $"drain-{hosts}-hosts";
        await using var deployment = await run.DeployAsync(name, HostRole.AcceptOnly);
        var client = deployment.Client(deployment.Urls[0]);
        var before = (await client.GetStatsAsync()).Succeeded;
        var ids = await LoadRun.SubmitManyAsync(client, LoadRun.Noop, count, run.Options.Callers ?? 32);

        if (deployment.IsLocal)
            await Task.WhenAll(Enumerable.Range(0, hosts).Select(_ => deployment.AddHostAsync(HostRole.Worker)));
        var clock = Stopwatch.StartNew();
        var succeeded = 0L;
        var processorTime = new WarmHalfProcessorTime(count, deployment.ProcessorTime);
        await using (new ProgressLine(name, () => $"{succeeded}/{count} succeeded"))
        {
            var patience = TimeSpan.FromSeconds(60 + count / 20.0);
            while ((succeeded = (await client.GetStatsAsync()).Succeeded - before) < count && clock.Elapsed < patience)
            {
                processorTime.Observe(succeeded);
                await Task.Delay(200);
            }
        }
        processorTime.Stop(succeeded);

        var wanted = ids.ToHashSet();
        var jobs = (await LoadRun.AllJobsAsync(client)).Where(j => wanted.Contains(j.Id)).ToList();
        var finished = jobs.Where(j => j.Status == JobStatus.Succeeded && j.StartedAt is not null && j.FinishedAt is not null).ToList();
        var ranTwice = await CountRunTwiceAsync(client, finished.Select(j => j.Id).ToList());
        var figures = DrainRates.Of(finished.Select(j => (j.StartedAt!.Value, j.FinishedAt!.Value)).ToList());
        if (deployment.IsLocal)
            processorTime.AddTo(figures);
        figures["hosts"] = hosts;
        figures["jobs"] = count;
        figures["lost"] = count - finished.Count + ranTwice;
        return new ScenarioResult(name, figures);
    }

    /// <summary>How many of the jobs did not start exactly once and succeed exactly once.</summary>
    public static async Task<int> CountRunTwiceAsync(Platform.Client.PlatformClient client, List<Guid> ids)
    {
        var twice = 0;
        await Parallel.ForEachAsync(ids, new ParallelOptions { MaxDegreeOfParallelism = 16 }, async (id, ct) =>
        {
            var events = await client.GetEventsAsync(id, ct: ct);
            if (events.Count(e => e.Kind == JobEventKind.Started) != 1 || events.Count(e => e.Kind == JobEventKind.Succeeded) != 1)
                Interlocked.Increment(ref twice);
        });
        return twice;
    }
}
