using System.Diagnostics;
using Npgsql;
using Platform.Contracts.Accounts;
using Platform.Load.Baseline;
using Platform.Load.Measuring;
using Platform.Storage;
using Platform.TestCluster;

namespace Platform.Load.Scenarios;

/// <summary>
/// C callers read one job at a time: from the platform (<c>GET /api/v1/jobs/{id}</c>) and from a bare host that reads
/// the same stored document with one query (<see cref="BareReadsHost"/>), taking turns of a few seconds so both meet
/// the same machine; then pages of the job list from the platform. Both are read as text, so the callers' own
/// work is the same. Each is read for a while first, its cold figure: a host just started runs code the JIT has
/// not yet optimized, and the platform's host has far more of it than the bare one.
/// </summary>
public static class ReadsScenario
{
    private const int Turns = 4;

    public static Task<ScenarioResult> RunAsync(LoadRun run) => MeasureAsync(run, "reads", withPlatform: true);

    public static Task<ScenarioResult> RunBaselineAsync(LoadRun run) => MeasureAsync(run, "reads-baseline", withPlatform: false);

    private static async Task<ScenarioResult> MeasureAsync(LoadRun run, string name, bool withPlatform)
    {
        var callers = run.Options.Callers ?? 32;
        var measured = TimeSpan.FromSeconds(run.Options.Seconds ?? 10.0);
        var turn = measured / Turns;
        // As long as the measurement: on this machine, time enough for the tiered JIT to optimize what a read runs.
        var warmUp = measured;
        await using var deployment = await run.DeployAsync(name, HostRole.Worker);
        var url = deployment.Urls[0];
        var ids = await LoadRun.SubmitManyAsync(deployment.Client(url), LoadRun.Noop, 200, 16);
        var platform = LoadRun.Http(url);
        platform.DefaultRequestHeaders.Add(ApiKeyHeader.Name, deployment.ApiKey);
        Task ReadFromPlatform(int caller, int round) => platform.GetStringAsync($"api/v1/jobs/{ids[(caller + round) % ids.Count]}");

        await using var bare = deployment.PostgresConnectionString is { } postgres ? await BareReadsHost.StartAsync(postgres) : null;
        Func<int, int, Task>? readFromBare = null;
        if (bare is not null)
        {
            var owner = await OwnerOfAsync(deployment.PostgresConnectionString!, ids[0]);
            var http = LoadRun.Http(bare.Url);
            readFromBare = (caller, round) => http.GetStringAsync($"jobs/{ids[(caller + round) % ids.Count]}?owner={Uri.EscapeDataString(owner)}");
        }

        var contenders = new List<(string Name, Func<int, int, Task> Read, Latencies Latencies, Stopwatch Clock, Latencies Cold)>();
        if (withPlatform)
            contenders.Add(("platform", ReadFromPlatform, new Latencies(), new Stopwatch(), new Latencies()));
        if (readFromBare is not null)
            contenders.Add(("bare", readFromBare, new Latencies(), new Stopwatch(), new Latencies()));
        // Steady state is the figure; the first seconds, the JIT's, are the cold figure.
        foreach (var contender in contenders)
            await Callers.RunAsync(callers, warmUp, contender.Cold, contender.Read);
        await using (new ProgressLine(name, () => string.Join(", ", contenders.Select(c => $"{c.Name} {c.Latencies.Count}"))))
        {
            for (var i = 0; i < Turns; i++)
                foreach (var contender in contenders)
                {
                    contender.Clock.Start();
                    await Callers.RunAsync(callers, turn, contender.Latencies, contender.Read);
                    contender.Clock.Stop();
                }
        }

        var figures = new Dictionary<string, double> { ["callers"] = callers };
        foreach (var (contender, read, latencies, clock, cold) in contenders)
        {
            var prefix = contender == "bare" && withPlatform ? "baseline" : "";
            figures[Named(prefix, "coldRequestsPerSecond")] = Math.Round(cold.Count / warmUp.TotalSeconds, 1);
            figures[Named(prefix, "requestsPerSecond")] = Math.Round(latencies.Count / clock.Elapsed.TotalSeconds, 1);
            figures[Named(prefix, "p50Ms")] = latencies.Percentile(50);
            figures[Named(prefix, "p99Ms")] = latencies.Percentile(99);
        }
        if (withPlatform && figures.TryGetValue("baselineRequestsPerSecond", out var baseline) && baseline > 0)
            figures["ratioToBaseline"] = Math.Round(figures["requestsPerSecond"] / baseline, 2);
        if (withPlatform)
            await MeasureListAsync(deployment.Client(url), callers, turn, figures);
        return new ScenarioResult(name, figures);
    }

    private static async Task MeasureListAsync(Platform.Client.PlatformClient client, int callers, TimeSpan duration, Dictionary<string, double> figures)
    {
        var latencies = new Latencies();
        var clock = Stopwatch.StartNew();
        await Callers.RunAsync(callers, duration, latencies, (caller, round) => client.ListJobsAsync(page: 1 + (caller + round) % 5, pageSize: 20));
        figures["listRequestsPerSecond"] = Math.Round(latencies.Count / clock.Elapsed.TotalSeconds, 1);
        figures["listP99Ms"] = latencies.Percentile(99);
    }

    private static string Named(string prefix, string figure) => prefix.Length == 0 ? figure : prefix + char.ToUpperInvariant(figure[0]) + figure[1..];

    private static async Task<string> OwnerOfAsync(string postgres, Guid jobId)
    {
        await using var database = NpgsqlDataSource.Create(postgres);
        await using var command = database.CreateCommand($"select owner_id from {StorageExtensions.Schema}.mt_doc_jobview where id = $1");
        command.Parameters.AddWithValue(jobId);
        return (string)(await command.ExecuteScalarAsync())!;
    }
}
