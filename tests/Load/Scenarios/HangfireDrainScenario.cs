using System.Diagnostics;
using Hangfire;
using Hangfire.PostgreSql;
using Hangfire.States;
using Hangfire.PostgreSql.Factories;
using Npgsql;
using Platform.Load.Measuring;
using Platform.TestCluster;

namespace Platform.Load.Scenarios;

/// <summary>
/// The peer for <c>enqueue</c> and <c>drain</c>: Hangfire.Core with Hangfire.PostgreSql on the PostgreSQL this tool
/// started, in this process. 16 callers enqueue N no-op jobs while no server runs; then a server of 20 workers polling
/// every 50 ms drains them (the cold drain). Then N more are enqueued to a queue no server takes yet, and a second
/// server, in this process whose code is now warm, drains them (the warm drain). Both are timed as <c>drain</c> times
/// the platform (<see cref="DrainRates"/>), from each job's start and success as Hangfire recorded them; the enqueue
/// rates are those of the two enqueues.
/// </summary>
public static class HangfireDrainScenario
{
    public const string Name = "drain-hangfire";
    public const int Callers = 16;
    private const int Workers = 20;
    private const string Schema = "hangfire";
    private const string WarmQueue = "warm";

    public static async Task<ScenarioResult> RunAsync(LoadRun run, LocalCluster? cluster)
    {
        if (cluster is null)
            throw new InvalidOperationException($"{Name} needs the PostgreSQL this tool starts; it cannot run against --url.");
        var count = run.Options.Jobs ?? 5000;
        var database = "load_" + Name.Replace('-', '_');
        await cluster.CreateDatabaseAsync(database);
        var connectionString = new NpgsqlConnectionStringBuilder(cluster.PostgresConnectionString) { Database = database }.ConnectionString;
        var storage = new PostgreSqlStorage(new NpgsqlConnectionFactory(connectionString, Options()), Options());
        var client = new BackgroundJobClient(storage);

        var coldEnqueue = await EnqueueAsync(client, count, EnqueuedState.DefaultQueue);
        await DrainAsync(storage, connectionString, EnqueuedState.DefaultQueue, afterJob: 0, count, processorTime: null);
        var lastColdJob = await LastJobIdAsync(connectionString);

        var warmEnqueue = await EnqueueAsync(client, count, WarmQueue);
        // Hangfire runs in this process, beside the tool's own light polling.
        var processorTime = new WarmHalfProcessorTime(count, () => (Process.GetCurrentProcess().TotalProcessorTime, cluster.ServicesProcessorTime()));
        await DrainAsync(storage, connectionString, WarmQueue, lastColdJob, count, processorTime);

        var (runs, ranTwice) = await ReadHistoryAsync(connectionString);
        var figures = DrainRates.Of(
            runs.Where(r => r.JobId > lastColdJob).Select(r => (r.Started, r.Finished)).ToList(),
            runs.Where(r => r.JobId <= lastColdJob).Select(r => (r.Started, r.Finished)).ToList());
        processorTime.AddTo(figures);
        figures["jobs"] = count;
        figures["enqueueJobsPerSecond"] = warmEnqueue;
        figures["coldEnqueueJobsPerSecond"] = coldEnqueue;
        figures["lost"] = 2 * count - runs.Count + ranTwice;
        return new ScenarioResult(Name, figures);
    }

    // Jobs per second that 16 callers enqueue.
    private static async Task<double> EnqueueAsync(BackgroundJobClient client, int count, string queue)
    {
        var clock = Stopwatch.StartNew();
        var left = count;
        await Task.WhenAll(Enumerable.Range(0, Callers).Select(_ => Task.Run(() =>
        {
            while (Interlocked.Decrement(ref left) >= 0)
                client.Create(() => NoopWork.Run(), new EnqueuedState(queue));
        })));
        return Math.Round(count / clock.Elapsed.TotalSeconds, 1);
    }

    // Runs a server on the queue until `count` jobs after `afterJob` have succeeded, or until it is plain that they will not.
    private static async Task DrainAsync(PostgreSqlStorage storage, string connectionString, string queue, long afterJob, int count,
        WarmHalfProcessorTime? processorTime)
    {
        await using var database = NpgsqlDataSource.Create(connectionString);
        var patience = Stopwatch.StartNew();
        var options = new BackgroundJobServerOptions { WorkerCount = Workers, ServerName = $"{Name}-{queue}", Queues = [queue] };
        var succeeded = 0L;
        using (new BackgroundJobServer(options, storage))
        await using (new ProgressLine($"{Name} {queue}", () => $"{succeeded}/{count} succeeded"))
        {
            while ((succeeded = await SucceededAfterAsync(database, afterJob)) < count && patience.Elapsed < TimeSpan.FromSeconds(60 + count / 20.0))
            {
                processorTime?.Observe(succeeded);
                await Task.Delay(200);
            }
            processorTime?.Stop(succeeded);
        }
    }

    private static async Task<long> SucceededAfterAsync(NpgsqlDataSource database, long afterJob)
    {
        await using var command = database.CreateCommand($"select count(*) from {Schema}.job where id > $1 and statename = 'Succeeded'");
        command.Parameters.AddWithValue(afterJob);
        return (long)(await command.ExecuteScalarAsync())!;
    }

    private static async Task<long> LastJobIdAsync(string connectionString)
    {
        await using var database = NpgsqlDataSource.Create(connectionString);
        await using var command = database.CreateCommand($"select coalesce(max(id), 0) from {Schema}.job");
        return (long)(await command.ExecuteScalarAsync())!;
    }

    private static PostgreSqlStorageOptions Options() => new()
    {
        SchemaName = Schema,
        QueuePollInterval = TimeSpan.FromMilliseconds(50),
        PrepareSchemaIfNecessary = true,
    };

    /// <summary>Each succeeded job's start and success, as Hangfire recorded them, and how many jobs started more than once.</summary>
    private static async Task<(List<(long JobId, DateTimeOffset Started, DateTimeOffset Finished)> Runs, long RanTwice)> ReadHistoryAsync(
        string connectionString)
    {
        await using var database = NpgsqlDataSource.Create(connectionString);
        await using var command = database.CreateCommand($"""
            select jobid, min(createdat) filter (where name = 'Processing'), max(createdat) filter (where name = 'Succeeded'),
                   count(*) filter (where name = 'Processing')
            from {Schema}.state group by jobid having count(*) filter (where name = 'Succeeded') > 0
            """);
        var runs = new List<(long, DateTimeOffset, DateTimeOffset)>();
        var ranTwice = 0L;
        await using var reader = await command.ExecuteReaderAsync();
        while (await reader.ReadAsync())
        {
            runs.Add((reader.GetInt64(0), Utc(reader.GetDateTime(1)), Utc(reader.GetDateTime(2))));
            if (reader.GetInt64(3) > 1)
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
