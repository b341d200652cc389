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
        if (args.FirstOrDefault() == Baseline.BareFileHost.Command)
            return await Baseline.BareFileHost.RunAsync(args[1..]);

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
                results.AddRange(await scenario(run));
                if (options.Profile && cluster is not null)
                    await cluster.PrintTopStatementsAsync(Console.Error);
            }
            catch (Exception e)
            {
                Console.Error.WriteLine($"scenario failed: {string.Join(" <- ", Causes(e).Select(c => $"{c.GetType().Name}: {c.Message}"))}");
                return 1;
            }
        }

        results = [.. MeteringRatios.Add(PeerRatios.Add(results))];
        Report.PrintTable(results, Console.Out);
        if (options.Json is { } path)
        {
            await File.WriteAllTextAsync(path, Report.ToJson(results, openFiles));
            Console.Error.WriteLine($"wrote {path}");
        }
        // Printed after the figures, which show what the failure did to them.
        foreach (var failed in results.Where(result => result.Failure is not null))
            Console.Error.WriteLine($"{failed.Name} FAILED: {failed.Failure}");
        return results.Any(result => result.Failure is not null) ? 1 : 0;
    }

    private static IEnumerable<Exception> Causes(Exception e)
    {
        for (Exception? cause = e; cause is not null; cause = cause.InnerException)
            yield return cause;
    }

    private delegate IReadOnlyList<Step> Plan(LoadOptions options, LocalCluster? cluster);

    // One scenario, or several measured in turns in the same run.
    private delegate Task<IReadOnlyList<ScenarioResult>> Step(LoadRun run);

    private static Step One(Func<LoadRun, Task<ScenarioResult>> scenario) => async run => [await scenario(run)];

    // Unmetered and metered runs in turns (ABAB), each on fresh hosts of the same cluster, so the machine's noise falls on
    // both; each a step of its own, so --profile shows each. Hosts given by --url cannot be priced: the unmetered run alone.
    private static IEnumerable<Step> MeteredTurns(LoadOptions options, LocalCluster? cluster, Func<LoadRun, Metering, Task<ScenarioResult>> scenario) =>
        cluster is null
            ? [One(run => scenario(run, Metering.Off))]
            : Enumerable.Range(1, options.Turns ?? 2).SelectMany(turn => new[] { false, true }.Select(on => One(run => scenario(run, new Metering(on, turn)))));

    // Every scenario by name: the command line is checked against these before anything starts.
    private static readonly Dictionary<string, Plan> Scenarios = new()
    {
        ["enqueue"] = (options, cluster) =>
            [.. MeteredTurns(options, cluster, EnqueueScenario.RunAsync), One(run => HangfireDrainScenario.RunAsync(run, cluster))],
        ["drain"] = (options, cluster) => options.Hosts is null or 1
            ? [.. MeteredTurns(options, cluster, (run, metering) => DrainScenario.RunAsync(run, 1, metering)),
                One(run => HangfireDrainScenario.RunAsync(run, cluster))]
            : [.. MeteredTurns(options, cluster, (run, metering) => DrainScenario.RunAsync(run, options.Hosts.Value, metering))],
        [HangfireDrainScenario.Name] = (_, cluster) => [One(run => HangfireDrainScenario.RunAsync(run, cluster))],
        ["pickup"] = (_, _) => [One(PickupScenario.RunAsync)],
        ["noisy-neighbour"] = (_, _) => [One(NoisyNeighbourScenario.RunAsync)],
        ["drain-remote"] = (_, _) => [One(RemoteDrainScenario.RunAsync)],
        ["pickup-remote"] = (_, _) => [One(RemotePickupScenario.RunAsync)],
        ["fanout"] = (options, cluster) => [run => FanoutScenario.RunAsync(run, cluster, "fanout", FanoutScenario.Steady(options))],
        ["fanout-stress"] = (options, cluster) => [run => FanoutScenario.RunAsync(run, cluster, "fanout-stress", FanoutScenario.Stress(options))],
        ["fanout-saturation"] = (_, cluster) => [run => FanoutSaturationScenario.RunAsync(run, cluster)],
        ["chat"] = (_, cluster) => [run => ChatScenario.RunAsync(run, cluster)],
        ["connections"] = (_, cluster) => [One(ConnectionsScenario.RunAsync), One(run => ConnectionsScenario.RunBaselineAsync(run, cluster))],
        ["connections-baseline"] = (_, cluster) => [One(run => ConnectionsScenario.RunBaselineAsync(run, cluster))],
        ["reads"] = (_, _) => [One(ReadsScenario.RunAsync)],
        ["reads-baseline"] = (_, _) => [One(ReadsScenario.RunBaselineAsync)],
        ["pgbench"] = (_, cluster) => [One(run => PgbenchScenario.RunAsync(run, cluster))],
        [FilesScenario.Name] = (_, _) => [FilesScenario.RunAsync],
        ["all"] = (options, cluster) =>
        [
            One(EnqueueScenario.RunAsync),
            One(run => DrainScenario.RunAsync(run, 1)),
            One(run => HangfireDrainScenario.RunAsync(run, cluster)),
            One(run => DrainScenario.RunAsync(run, 2)),
            One(PickupScenario.RunAsync),
            One(NoisyNeighbourScenario.RunAsync),
            One(RemoteDrainScenario.RunAsync),
            One(RemotePickupScenario.RunAsync),
            run => FanoutScenario.RunAsync(run, cluster, "fanout", FanoutScenario.Steady(options)),
            One(ConnectionsScenario.RunAsync),
            One(run => ConnectionsScenario.RunBaselineAsync(run, cluster)),
            One(ReadsScenario.RunAsync),
            One(run => PgbenchScenario.RunAsync(run, cluster)),
        ],
    };

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
        $"usage: <{string.Join('|', Scenarios.Keys)}> [--jobs N] [--callers N] [--hosts N] [--clients N] [--rooms N] [--rate N] [--seconds N] [--turns N] [--sizes 64K,4M,64M] [--json FILE] [--url URL] [--profile] [--set Key=Value]\n" +
        "  fanout: --clients (2000) per contender hear --rate ticks a second (4) for --seconds (15, in 3 turns); fanout-stress: 500, 100, 3\n" +
        "  fanout-saturation: --clients (1000) per contender, first step --rate (2, doubled each step), --seconds a step (2, at least 10 ticks)\n" +
        "  chat: --clients (200) members over --rooms (4) and 2 hosts post --rate messages a second each (1; above Rooms:MessagesPerSecond, 10,\n" +
        "    only with --set Rooms:MessagesPerSecond=N) for --seconds (30, in 3 turns, after 5 s of warm-up), the platform and a bare hub in turns;\n" +
        "    then --callers (8) read history pages\n" +
        "  enqueue, drain: unmetered and metered (the no-op type priced) in --turns (2) alternating pairs, then metered/unmetered per figure\n" +
        "  drain: --jobs (5000) drained cold, then as many warm; connections: --clients (10000) to the host, then to a bare hub\n" +
        "  files: --clients (8) upload files of each of --sizes (64K,4M,64M), then download them, for --seconds (6, in 3 turns) a size\n" +
        "    and direction, on the platform, a bare static file server and the disk in turns; more seconds may need --set Files:MaxBytesPerUser=N";

    private static async Task<LocalCluster> StartClusterAsync(LoadOptions options)
    {
        var clock = Stopwatch.StartNew();
        var cluster = await LocalCluster.StartAsync(options.HostSettings);
        Console.Error.WriteLine($"started PostgreSQL and Redis in {clock.Elapsed.TotalSeconds:F1}s");
        return cluster;
    }
}
