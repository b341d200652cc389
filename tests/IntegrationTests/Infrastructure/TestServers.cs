using Npgsql;
using Platform.Host.LocalServices;

namespace Platform.IntegrationTests.Infrastructure;

/// <summary>
/// The test run's PostgreSQL and Redis: throwaway servers on free loopback ports, started once per run and
/// stopped when it ends, or the servers named by PLATFORM_TEST_POSTGRES / PLATFORM_TEST_REDIS.
/// </summary>
public sealed class TestServers
{
    private static readonly Lazy<Task<TestServers>> Shared = new(StartAsync);
    private readonly string _postgres;

    private TestServers(string postgres, string redis) => (_postgres, RedisConnectionString) = (postgres, redis);

    public string RedisConnectionString { get; }

    public static Task<TestServers> Instance() => Shared.Value;

    /// <summary>A new, empty database of its own; returns its connection string.</summary>
    public async Task<string> CreateDatabaseAsync(string prefix)
    {
        var name = $"{prefix.ToLowerInvariant()}_{Guid.NewGuid():N}"[..Math.Min(prefix.Length + 13, 60)];
        await using var connection = new NpgsqlConnection(_postgres);
        await connection.OpenAsync();
        await using var create = new NpgsqlCommand($"CREATE DATABASE {name}", connection);
        await create.ExecuteNonQueryAsync();
        return new NpgsqlConnectionStringBuilder(_postgres) { Database = name }.ConnectionString;
    }

    private const string FolderPrefix = "platform-tests-";

    // The test host may end before the exit handler finishes; a later run sweeps what an ended run left.
    private static void RemoveFoldersOfEndedRuns()
    {
        foreach (var folder in Directory.GetDirectories(Path.GetTempPath(), $"{FolderPrefix}*"))
        {
            var pidFiles = new[] { Path.Combine(folder, "postgres", "postmaster.pid"), Path.Combine(folder, "redis", "redis.pid") };
            if (pidFiles.Any(IsAlive))
                continue;
            try
            {
                Directory.Delete(folder, recursive: true);
            }
            catch (IOException)
            {
            }
        }
    }

    private static bool IsAlive(string pidFile)
    {
        if (!File.Exists(pidFile) || !int.TryParse(File.ReadLines(pidFile).FirstOrDefault(), out var pid))
            return false;
        try
        {
            using var process = System.Diagnostics.Process.GetProcessById(pid);
            return !process.HasExited;
        }
        catch (ArgumentException)
        {
            return false;
        }
    }

    private static async Task<TestServers> StartAsync()
    {
        var postgres = Environment.GetEnvironmentVariable("PLATFORM_TEST_POSTGRES");
        var redis = Environment.GetEnvironmentVariable("PLATFORM_TEST_REDIS");
        RemoveFoldersOfEndedRuns();
        var folder = Path.Combine(Path.GetTempPath(), $"{FolderPrefix}{Path.GetRandomFileName()}");
        var started = new List<IAsyncDisposable>();

        if (string.IsNullOrWhiteSpace(postgres))
        {
            var server = await LocalPostgres.StartAsync(new LocalPostgresOptions
            {
                DataDirectory = Path.Combine(folder, "postgres"),
                Throwaway = true,
                StopOnDispose = true,
            });
            started.Add(server);
            postgres = server.ConnectionString;
        }
        if (string.IsNullOrWhiteSpace(redis))
        {
            var server = await LocalRedis.StartAsync(new LocalRedisOptions
            {
                DataDirectory = Path.Combine(folder, "redis"),
                Throwaway = true,
                StopOnDispose = true,
            });
            started.Add(server);
            redis = server.ConnectionString;
        }

        // The test host gives exit handlers little time: stop everything at once.
        AppDomain.CurrentDomain.ProcessExit += (_, _) =>
        {
            Task.WhenAll(started.Select(server => server.DisposeAsync().AsTask())).Wait(TimeSpan.FromSeconds(10));
            if (Directory.Exists(folder))
                Directory.Delete(folder, recursive: true);
        };
        return new TestServers(postgres, redis);
    }
}
