using System.Diagnostics;
using Platform.Client;
using Platform.Contracts.Jobs;
using Platform.Load.Measuring;
using Platform.TestCluster;

namespace Platform.Load.Scenarios;

/// <summary>
/// N no-op jobs are queued on a host that runs none; then worker hosts start and drain them (the cold drain). Then N
/// more are queued to fall due at once, after the last is queued, on the same hosts, now warm (the warm drain). The
/// rates are those of <see cref="DrainRates"/>; a job lost is one not finished, or run twice. Metered
/// (<see cref="Metering"/>), each job is also held at its submit and charged and released at its end.
/// </summary>
public static class DrainScenario
{
    public static Task<ScenarioResult> RunAsync(LoadRun run, int hosts) => RunAsync(run, hosts, Metering.Off);

    public static async Task<ScenarioResult> RunAsync(LoadRun run, int hosts, Metering metering)
    {
        var count = run.Options.Jobs ?? 5000;
        var callers = run.Options.Callers ?? 32;
        var name = metering.NameOf(hosts == 1 ? "drain" : $"drain-{hosts}-hosts");
        await using var deployment = await run.DeployAsync(name, metering, HostRole.AcceptOnly);
        var client = deployment.Client(deployment.Urls[0]);
        await metering.PayForAsync(deployment, client);

        var succeededBefore = (await client.GetStatsAsync()).Succeeded;
        var submitting = Stopwatch.StartNew();
        var coldIds = await LoadRun.SubmitManyAsync(client, LoadRun.Noop, count, callers);
        submitting.Stop();
        var beforeCold = deployment.ProcessorTime();
        if (deployment.IsLocal)
            await deployment.AddHostsAsync(Enumerable.Repeat(HostRole.Worker, hosts));
        await WaitForAsync(client, $"{name} cold", succeededBefore, count, processorTime: null);
        var coldProcessorTime = ColdProcessorTime(beforeCold, deployment.ProcessorTime(), count);

        // Twice the first submission's time and a margin: every job is queued before any falls due.
        var dueAt = DateTimeOffset.UtcNow + submitting.Elapsed * 2 + Margin(count);
        succeededBefore = (await client.GetStatsAsync()).Succeeded;
        var warmIds = await LoadRun.SubmitManyAsync(client, LoadRun.Noop with { RunAt = dueAt }, count, callers);
        if (DateTimeOffset.UtcNow > dueAt)
            Console.Error.WriteLine($"{name}: the warm drain's jobs fell due before the last was queued; its rate is understated");
        var processorTime = new WarmHalfProcessorTime(count, deployment.ProcessorTime);
        await WaitForAsync(client, $"{name} warm", succeededBefore, count, processorTime);

        var jobs = await LoadRun.AllJobsAsync(client);
        var (cold, warm) = (Finished(jobs, coldIds), Finished(jobs, warmIds));
        var ranTwice = await CountRunTwiceAsync(client, [.. cold.Select(j => j.Id), .. warm.Select(j => j.Id)]);
        var figures = DrainRates.Of(Runs(warm), Runs(cold));
        if (deployment.IsLocal)
        {
            processorTime.AddTo(figures);
            foreach (var (figure, value) in coldProcessorTime)
                figures[figure] = value;
        }
        figures["hosts"] = hosts;
        figures["jobs"] = count;
        figures["lost"] = 2 * count - cold.Count - warm.Count + ranTwice;
        return new ScenarioResult(name, figures, await metering.FaultAsync(deployment, client, [.. coldIds, .. warmIds], ran: true));
    }

    // Three seconds for thousands of jobs; a few dozen are queued long before a fraction of that is up.
    private static TimeSpan Margin(int count) => TimeSpan.FromMilliseconds(Math.Min(3000, count * 10));

    // The cold drain's processor time per job, the worker hosts' start included: it holds better than the rate when other
    // work shares the machine.
    private static Dictionary<string, double> ColdProcessorTime((TimeSpan Hosts, TimeSpan Services) before, (TimeSpan Hosts, TimeSpan Services) after,
        int count) => new()
    {
        ["coldCpuMsPerJob"] = Math.Round((after.Hosts - before.Hosts).TotalMilliseconds / count, 2),
        ["coldServicesCpuMsPerJob"] = Math.Round((after.Services - before.Services).TotalMilliseconds / count, 2),
    };

    // Waits until `count` more jobs have succeeded than `before`, or until it is plain that they will not.
    private static async Task WaitForAsync(PlatformClient client, string label, long before, int count, WarmHalfProcessorTime? processorTime)
    {
        var clock = Stopwatch.StartNew();
        var patience = TimeSpan.FromSeconds(60 + count / 20.0);
        var succeeded = 0L;
        await using (new ProgressLine(label, () => $"{succeeded}/{count} succeeded"))
        {
            while ((succeeded = (await client.GetStatsAsync()).Succeeded - before) < count && clock.Elapsed < patience)
            {
                processorTime?.Observe(succeeded);
                await Task.Delay(200);
            }
        }
        processorTime?.Stop(succeeded);
    }

    private static List<Job> Finished(List<Job> jobs, IReadOnlyCollection<Guid> ids)
    {
        var wanted = ids.ToHashSet();
        return jobs.Where(j => wanted.Contains(j.Id) && j.Status == JobStatus.Succeeded && j.StartedAt is not null && j.FinishedAt is not null).ToList();
    }

    private static List<(DateTimeOffset, DateTimeOffset)> Runs(List<Job> finished) =>
        finished.Select(j => (j.StartedAt!.Value, j.FinishedAt!.Value)).ToList();

    /// <summary>How many of the jobs did not start exactly once and succeed exactly once.</summary>
    public static async Task<int> CountRunTwiceAsync(PlatformClient client, List<Guid> ids)
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
