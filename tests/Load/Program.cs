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

        LoadOptions options;
        try
        {
            options = LoadOptions.Parse(args);
        }
        catch (ArgumentException e)
        {
            Console.Error.WriteLine(e.Message);
            Console.Error.WriteLine("usage: <enqueue|drain|pickup|noisy-neighbour|drain-remote|pickup-remote|fanout|connections|reads|pgbench|all> [--jobs N] [--callers N] [--hosts N] [--clients N] [--seconds N] [--json FILE] [--url URL] [--profile] [--set Key=Value]");
            return 2;
        }

        var openFiles = FileLimit.RaiseToMaximum();
        Console.Error.WriteLine(openFiles is { } limit
            ? $"open-files limit: {limit}"
            : "open-files limit: could not be read or raised; many connections may fail");

        await using var cluster = options.Urls.Count > 0 ? null : await StartClusterAsync(options);
        var run = new LoadRun(options, cluster);
        var results = new List<ScenarioResult>();

        foreach (var scenario in Plan(options, cluster))
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

        Report.PrintTable(results, Console.Out);
        if (options.Json is { } path)
        {
            await File.WriteAllTextAsync(path, Report.ToJson(results, openFiles));
            Console.Error.WriteLine($"wrote {path}");
        }
        return 0;
    }

    private static IEnumerable<Func<LoadRun, Task<ScenarioResult>>> Plan(LoadOptions options, LocalCluster? cluster) => options.Scenario switch
    {
        "enqueue" => [EnqueueScenario.RunAsync],
        "drain" => [run => DrainScenario.RunAsync(run, options.Hosts ?? 1)],
        "pickup" => [PickupScenario.RunAsync],
        "noisy-neighbour" => [NoisyNeighbourScenario.RunAsync],
        "drain-remote" => [RemoteDrainScenario.RunAsync],
        "pickup-remote" => [RemotePickupScenario.RunAsync],
        "fanout" =>
        [
            FanoutScenario.RunAsync,
            run => FanoutScenario.RunBaselineAsync(run, cluster, asJobEvents: false),
            run => FanoutScenario.RunBaselineAsync(run, cluster, asJobEvents: true),
        ],
        "fanout-baseline" => [run => FanoutScenario.RunBaselineAsync(run, cluster, asJobEvents: false)],
        "fanout-baseline-events" => [run => FanoutScenario.RunBaselineAsync(run, cluster, asJobEvents: true)],
        "connections" => [ConnectionsScenario.RunAsync, run => ConnectionsScenario.RunBaselineAsync(run, cluster)],
        "connections-baseline" => [run => ConnectionsScenario.RunBaselineAsync(run, cluster)],
        "reads" => [ReadsScenario.RunAsync],
        "pgbench" => [run => PgbenchScenario.RunAsync(run, cluster)],
        "all" =>
        [
            EnqueueScenario.RunAsync,
            run => DrainScenario.RunAsync(run, 1),
            run => DrainScenario.RunAsync(run, 2),
            PickupScenario.RunAsync,
            NoisyNeighbourScenario.RunAsync,
            RemoteDrainScenario.RunAsync,
            RemotePickupScenario.RunAsync,
            FanoutScenario.RunAsync,
            run => FanoutScenario.RunBaselineAsync(run, cluster, asJobEvents: false),
            run => FanoutScenario.RunBaselineAsync(run, cluster, asJobEvents: true),
            ConnectionsScenario.RunAsync,
            run => ConnectionsScenario.RunBaselineAsync(run, cluster),
            ReadsScenario.RunAsync,
            run => PgbenchScenario.RunAsync(run, cluster),
        ],
        var unknown => throw new ArgumentException($"Unknown scenario '{unknown}'."),
    };

    private static async Task<LocalCluster> StartClusterAsync(LoadOptions options)
    {
        var clock = Stopwatch.StartNew();
        var cluster = await LocalCluster.StartAsync(options.HostSettings);
        Console.Error.WriteLine($"started PostgreSQL and Redis in {clock.Elapsed.TotalSeconds:F1}s");
        return cluster;
    }
}
