using System.Diagnostics;
using Platform.Load.Measuring;
using Platform.Load.Scenarios;
using Platform.TestCluster;

namespace Platform.Load;

/// <summary>Measures how fast Platform enqueues, runs and fans out jobs; see docs/PERFORMANCE.md.</summary>
public static class LoadTool
{
    public static async Task<int> Main(string[] args)
    {
        if (args.FirstOrDefault() == Baseline.BareHubHost.Command)
            return await Baseline.BareHubHost.RunAsync(args[1..]);
        if (args.FirstOrDefault() == Baseline.BareReadsHost.Command)
            return await Baseline.BareReadsHost.RunAsync(args[1..]);

        if (ParseOrExplain(args, Console.Error) is not { } options)
            return 2;

        var openFiles = FileLimit.RaiseToMaximum();
        Console.Error.WriteLine(openFiles is { } limit
            ? $"open-files limit: {limit}"
            : "open-files limit: could not be read or raised; many connections may fail");

        await using var cluster = options.Urls.Count > 0 ? null : await StartClusterAsync(options);
        var run = new LoadRun(options, cluster);
        var results = new List<ScenarioResult>();

        foreach (var scenario in Scenarios[options.Scenario](options, cluster))
        {
            try
            {
                if (options.Profile && cluster is not null)
                    await cluster.ResetStatementsAsync();
                results.Add(await scenario(run));
                if (options.Profile && cluster is not null)
                    await cluster.PrintTopStatementsAsync(Console.Error);
            }
            catch (Exception e)
            {
                Console.Error.WriteLine($"scenario failed: {e.GetType().Name}: {e.Message}");
                return 1;
            }
        }

        results = [.. PeerRatios.Add(results)];
        Report.PrintTable(results, Console.Out);
        if (options.Json is { } path)
        {
            await File.WriteAllTextAsync(path, Report.ToJson(results, openFiles));
            Console.Error.WriteLine($"wrote {path}");
        }
        return 0;
    }

    private delegate IReadOnlyList<Func<LoadRun, Task<ScenarioResult>>> Plan(LoadOptions options, LocalCluster? cluster);

    // Every scenario by name: the command line is checked against these before anything starts.
    private static readonly Dictionary<string, Plan> Scenarios = new()
    {
        ["enqueue"] = (_, cluster) => [EnqueueScenario.RunAsync, run => HangfireDrainScenario.RunAsync(run, cluster)],
        ["drain"] = (options, cluster) => options.Hosts is null or 1
            ? [run => DrainScenario.RunAsync(run, 1), run => HangfireDrainScenario.RunAsync(run, cluster)]
            : [run => DrainScenario.RunAsync(run, options.Hosts.Value)],
        [HangfireDrainScenario.Name] = (_, cluster) => [run => HangfireDrainScenario.RunAsync(run, cluster)],
        ["pickup"] = (_, _) => [PickupScenario.RunAsync],
        ["noisy-neighbour"] = (_, _) => [NoisyNeighbourScenario.RunAsync],
        ["drain-remote"] = (_, _) => [RemoteDrainScenario.RunAsync],
        ["pickup-remote"] = (_, _) => [RemotePickupScenario.RunAsync],
        ["fanout"] = (options, cluster) => Fanout("fanout", FanoutScenario.Steady(options), cluster),
        ["fanout-stress"] = (options, cluster) => Fanout("fanout-stress", FanoutScenario.Stress(options), cluster),
        ["fanout-saturation"] = (_, cluster) =>
            [.. FanoutSaturationScenario.Contenders.Select<FanoutContender, Func<LoadRun, Task<ScenarioResult>>>(contender =>
                run => FanoutSaturationScenario.RunAsync(run, cluster, contender))],
        ["connections"] = (_, cluster) => [ConnectionsScenario.RunAsync, run => ConnectionsScenario.RunBaselineAsync(run, cluster)],
        ["connections-baseline"] = (_, cluster) => [run => ConnectionsScenario.RunBaselineAsync(run, cluster)],
        ["reads"] = (_, _) => [ReadsScenario.RunAsync],
        ["reads-baseline"] = (_, _) => [ReadsScenario.RunBaselineAsync],
        ["pgbench"] = (_, cluster) => [run => PgbenchScenario.RunAsync(run, cluster)],
        ["all"] = (options, cluster) =>
        [
            EnqueueScenario.RunAsync,
            run => DrainScenario.RunAsync(run, 1),
            run => HangfireDrainScenario.RunAsync(run, cluster),
            run => DrainScenario.RunAsync(run, 2),
            PickupScenario.RunAsync,
            NoisyNeighbourScenario.RunAsync,
            RemoteDrainScenario.RunAsync,
            RemotePickupScenario.RunAsync,
            .. Fanout("fanout", FanoutScenario.Steady(options), cluster),
            ConnectionsScenario.RunAsync,
            run => ConnectionsScenario.RunBaselineAsync(run, cluster),
            ReadsScenario.RunAsync,
            run => PgbenchScenario.RunAsync(run, cluster),
        ],
    };

    // The platform and the bare hubs, one after the other in the same run.
    private static IReadOnlyList<Func<LoadRun, Task<ScenarioResult>>> Fanout(string name, FanoutLoad load, LocalCluster? cluster) =>
        [.. FanoutScenario.Contenders(name).Select<FanoutContender, Func<LoadRun, Task<ScenarioResult>>>(contender =>
            run => FanoutScenario.RunAsync(run, cluster, contender, load))];

    /// <summary>The options of a valid command line; otherwise null, with what is wrong and the usage written to <paramref name="errors"/>.</summary>
    public static LoadOptions? ParseOrExplain(string[] args, TextWriter errors)
    {
        try
        {
            return LoadOptions.Parse(args, Scenarios.Keys);
        }
        catch (ArgumentException e)
        {
            errors.WriteLine(e.Message);
            errors.WriteLine(Usage);
            return null;
        }
    }

    private static string Usage =>
        $"usage: <{string.Join('|', Scenarios.Keys)}> [--jobs N] [--callers N] [--hosts N] [--clients N] [--rate N] [--seconds N] [--json FILE] [--url URL] [--profile] [--set Key=Value]\n" +
        "  fanout: --clients (2000) hear --rate ticks a second (4) for --seconds (15); fanout-stress: 500, 100, 1;\n" +
        "  fanout-saturation: --clients (1000), first step --rate (4, doubled each step), --seconds a step (2)";

    private static async Task<LocalCluster> StartClusterAsync(LoadOptions options)
    {
        var clock = Stopwatch.StartNew();
        var cluster = await LocalCluster.StartAsync(options.HostSettings);
        Console.Error.WriteLine($"started PostgreSQL and Redis in {clock.Elapsed.TotalSeconds:F1}s");
        return cluster;
    }
}
