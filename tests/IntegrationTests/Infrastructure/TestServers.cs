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

    private static async Task<TestServers> StartAsync()
    {
        var postgres = Environment.GetEnvironmentVariable("PLATFORM_TEST_POSTGRES");
        var redis = Environment.GetEnvironmentVariable("PLATFORM_TEST_REDIS");
        var folder = Path.Combine(Path.GetTempPath(), $"platform-tests-{Path.GetRandomFileName()}");
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

        AppDomain.CurrentDomain.ProcessExit += (_, _) =>
        {
            foreach (var server in started)
                server.DisposeAsync().AsTask().Wait(TimeSpan.FromSeconds(20));
            if (Directory.Exists(folder))
                Directory.Delete(folder, recursive: true);
        };
        return new TestServers(postgres, redis);
    }
}
