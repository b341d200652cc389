using System.Diagnostics;
using Hangfire;
using Hangfire.PostgreSql;
using Hangfire.PostgreSql.Factories;
using Npgsql;
using Platform.Load.Measuring;
using Platform.TestCluster;

namespace Platform.Load.Scenarios;

/// <summary>
/// The peer for <c>enqueue</c> and <c>drain</c>: Hangfire.Core with Hangfire.PostgreSql on the PostgreSQL this tool
/// started, in this process. 16 callers enqueue N no-op jobs while no server runs (the enqueue rate); then a server of
/// 20 workers polling every 50 ms drains them, timed as <c>drain</c> times the platform (<see cref="DrainRates"/>), from
/// each job's start and success as Hangfire recorded them.
/// </summary>
public static class HangfireDrainScenario
{
    public const string Name = "drain-hangfire";
    private const int Callers = 16;
    private const int Workers = 20;
    private const string Schema = "hangfire";

    public static async Task<ScenarioResult> RunAsync(LoadRun run, LocalCluster? cluster)
    {
        if (cluster is null)
            throw new InvalidOperationException($"{Name} needs the PostgreSQL this tool starts; it cannot run against --url.");
        var count = run.Options.Jobs ?? 5000;
        var database = "load_" + Name.Replace('-', '_');
        await cluster.CreateDatabaseAsync(database);
        var connectionString = new NpgsqlConnectionStringBuilder(cluster.PostgresConnectionString) { Database = database }.ConnectionString;
        var storage = new PostgreSqlStorage(new NpgsqlConnectionFactory(connectionString, Options()), Options());

        var enqueue = Stopwatch.StartNew();
        var left = count;
        var client = new BackgroundJobClient(storage);
        await Task.WhenAll(Enumerable.Range(0, Callers).Select(_ => Task.Run(() =>
        {
            while (Interlocked.Decrement(ref left) >= 0)
                client.Enqueue(() => NoopWork.Run());
        })));
        enqueue.Stop();

        var monitoring = storage.GetMonitoringApi();
        var patience = Stopwatch.StartNew();
        // Hangfire runs in this process, beside the tool's own light polling.
        var processorTime = new WarmHalfProcessorTime(count, () => (Process.GetCurrentProcess().TotalProcessorTime, cluster.ServicesProcessorTime()));
        using (new BackgroundJobServer(new BackgroundJobServerOptions { WorkerCount = Workers, ServerName = Name }, storage))
        await using (new ProgressLine(Name, () => $"{monitoring.SucceededListCount()}/{count} succeeded"))
        {
            long succeeded;
            while ((succeeded = monitoring.SucceededListCount()) < count && patience.Elapsed < TimeSpan.FromSeconds(60 + count / 20.0))
            {
                processorTime.Observe(succeeded);
                await Task.Delay(200);
            }
            processorTime.Stop(succeeded);
        }

        var (runs, ranTwice) = await ReadHistoryAsync(connectionString);
        var figures = DrainRates.Of(runs);
        processorTime.AddTo(figures);
        figures["jobs"] = count;
        figures["enqueueJobsPerSecond"] = Math.Round(count / enqueue.Elapsed.TotalSeconds, 1);
        figures["lost"] = count - runs.Count + ranTwice;
        return new ScenarioResult(Name, figures);
    }

    private static PostgreSqlStorageOptions Options() => new()
    {
        SchemaName = Schema,
        QueuePollInterval = TimeSpan.FromMilliseconds(50),
        PrepareSchemaIfNecessary = true,
    };

    /// <summary>Each succeeded job's start and success, as Hangfire recorded them, and how many jobs started more than once.</summary>
    private static async Task<(List<(DateTimeOffset Started, DateTimeOffset Finished)> Runs, long RanTwice)> ReadHistoryAsync(string connectionString)
    {
        await using var database = NpgsqlDataSource.Create(connectionString);
        await using var command = database.CreateCommand($"""
            select min(createdat) filter (where name = 'Processing'), max(createdat) filter (where name = 'Succeeded'),
                   count(*) filter (where name = 'Processing')
            from {Schema}.state group by jobid having count(*) filter (where name = 'Succeeded') > 0
            """);
        var runs = new List<(DateTimeOffset, DateTimeOffset)>();
        var ranTwice = 0L;
        await using var reader = await command.ExecuteReaderAsync();
        while (await reader.ReadAsync())
        {
            runs.Add((Utc(reader.GetDateTime(0)), Utc(reader.GetDateTime(1))));
            if (reader.GetInt64(2) > 1)
                ranTwice++;
        }
        return (runs, ranTwice);
    }

    private static DateTimeOffset Utc(DateTime time) => new(DateTime.SpecifyKind(time, DateTimeKind.Utc));
}

/// <summary>What the peer runs: nothing, as <c>noop</c> does on the platform.</summary>
public static class NoopWork
{
    public static void Run()
    {
    }
}
