using Npgsql;
using Platform.Host.LocalServices;

namespace Platform.TestCluster;

/// <summary>Throwaway PostgreSQL and Redis for one run of the load tool or one test class; each deployment gets a fresh database and hosts.</summary>
public sealed class LocalCluster : IAsyncDisposable
{
    private readonly LocalPostgres _postgres;
    private LocalRedis _redis;
    private readonly string _folder;
    private int _deployments;

    private readonly IReadOnlyDictionary<string, string> _hostSettings;

    private LocalCluster(LocalPostgres postgres, LocalRedis redis, string folder, IReadOnlyDictionary<string, string> hostSettings) =>
        (_postgres, _redis, _folder, _hostSettings) = (postgres, redis, folder, hostSettings);

    public string PostgresConnectionString => _postgres.ConnectionString;

    public int PostgresPort => _postgres.Port;

    /// <summary>Stops Redis, as an outage would; hosts keep running.</summary>
    public Task StopRedisAsync() => LocalRedis.StopAsync(_redis.DataDirectory);

    /// <summary>Starts Redis again on the same port after <see cref="StopRedisAsync"/>.</summary>
    public async Task StartRedisAsync() => _redis = await LocalRedis.StartAsync(new LocalRedisOptions
    {
        DataDirectory = _redis.DataDirectory,
        Port = _redis.Port,
        Throwaway = true,
        StopOnDispose = true,
    });

    /// <summary>Processor time PostgreSQL (all its processes) and Redis have used so far.</summary>
    public TimeSpan ServicesProcessorTime() =>
        ProcessorTime.OfTree(PidIn(Path.Combine(_postgres.DataDirectory, "postmaster.pid"))) + ProcessorTime.OfTree(PidIn(Path.Combine(_redis.DataDirectory, "redis.pid")));

    private static int PidIn(string pidFile) =>
        File.Exists(pidFile) && int.TryParse(File.ReadLines(pidFile).FirstOrDefault(), out var pid) ? pid : -1;

    public Task CreateDatabaseAsync(string name) => _postgres.CreateDatabaseAsync(name, CancellationToken.None);

    /// <summary>What a throwaway PostgreSQL of tests may skip: surviving a power cut, which no test causes.</summary>
    public static readonly IReadOnlyList<string> NotDurable = ["fsync=off", "synchronous_commit=off", "full_page_writes=off"];

    // A host that lives for one test spends most of its processor time compiling its code a second time, optimized for a
    // long life; compiling only what runs a thousand times makes its start about a quarter cheaper.
    private static readonly IReadOnlyDictionary<string, string> ShortLivedHost = new Dictionary<string, string> { ["DOTNET_TC_CallCountThreshold"] = "1000" };

    // Tests register and sign in users on every host they start; at the shipped Argon2 cost each hash takes a host
    // processor time a test does not judge. What is tested is the same either way.
    private static readonly IReadOnlyDictionary<string, string> CheapPasswordHashes = new Dictionary<string, string>
    {
        ["Accounts:PasswordHashing:MemoryKib"] = "256",
        ["Accounts:PasswordHashing:Iterations"] = "1",
    };

    /// <summary>The environment of this cluster's host processes, beyond what every host gets.</summary>
    internal IReadOnlyDictionary<string, string>? HostEnvironment { get; private init; }

    // Settings of every host of a cluster for tests, under the cluster's own.
    private IReadOnlyDictionary<string, string> TestSettings { get; init; } = new Dictionary<string, string>();

    /// <param name="forTests">
    /// True for tests, which judge behaviour and not speed: PostgreSQL flushes nothing to disk (<see cref="NotDurable"/>),
    /// hosts compile for a short life and hash passwords cheaply. Measurements keep the defaults.
    /// </param>
    public static async Task<LocalCluster> StartAsync(IReadOnlyDictionary<string, string> hostSettings, bool forTests = false)
    {
        var folder = Path.Combine(Path.GetTempPath(), $"platform-load-{Path.GetRandomFileName()}");
        var postgres = await LocalPostgres.StartAsync(new LocalPostgresOptions
        {
            DataDirectory = Path.Combine(folder, "postgres"),
            Throwaway = true,
            StopOnDispose = true,
            Settings = ["shared_preload_libraries=pg_stat_statements", "pg_stat_statements.track=all", .. forTests ? NotDurable : []],
        });
        var redis = await LocalRedis.StartAsync(new LocalRedisOptions
        {
            DataDirectory = Path.Combine(folder, "redis"),
            Throwaway = true,
            StopOnDispose = true,
        });
        return new LocalCluster(postgres, redis, folder, hostSettings)
        {
            HostEnvironment = forTests ? ShortLivedHost : null,
            TestSettings = forTests ? CheapPasswordHashes : new Dictionary<string, string>(),
        };
    }

    /// <summary>A remote job type every host of the cluster declares, for workers that measure rather than work.</summary>
    public const string RemoteNoopType = "noop-remote";

    // Every host of a run signs and checks tokens with the same key, as hosts of one platform must.
    private readonly string _signingKey = Convert.ToBase64String(System.Security.Cryptography.RandomNumberGenerator.GetBytes(64));

    public Task<Deployment> DeployAsync(string name, params HostRole[] roles) => DeployAsync(name, new Dictionary<string, string>(), roles);

    /// <summary>A deployment whose hosts, those added later too, also get <paramref name="hostSettings"/> (over the cluster's own).</summary>
    public async Task<Deployment> DeployAsync(string name, IReadOnlyDictionary<string, string> hostSettings, params HostRole[] roles)
    {
        var database = $"load_{name.Replace('-', '_')}_{Interlocked.Increment(ref _deployments)}";
        await _postgres.CreateDatabaseAsync(database, CancellationToken.None);
        var deployment = new Deployment(this, _postgres.ConnectionStringFor(database), Path.Combine(_folder, "artifacts", database), hostSettings);
        try
        {
            await deployment.AddHostsAsync(roles);
        }
        catch
        {
            await deployment.DisposeAsync();
            throw;
        }
        return deployment;
    }

    // Every caller of a benchmark comes from one address: limits sized for people would measure the limiter. The
    // fan-out counts every live tick it sent, so ticks are not thinned out either.
    private static readonly IReadOnlyDictionary<string, string> UnthrottledLimits = new Dictionary<string, string>
    {
        ["RateLimits:Auth:PermitLimit"] = "100000",
        ["RateLimits:AuthFailures:PermitLimit"] = "100000",
        ["RateLimits:Plans:standard:PermitsPerMinute"] = "10000000",
        ["Jobs:LiveProgressPerSecond"] = "0",
    };

    internal Dictionary<string, string> SettingsFor(string postgres, string artifacts, HostRole role, IReadOnlyDictionary<string, string> deploymentSettings)
    {
        var settings = new Dictionary<string, string>(UnthrottledLimits);
        foreach (var (key, value) in TestSettings.Concat(_hostSettings).Concat(deploymentSettings))
            settings[key] = value;
        settings["ConnectionStrings:Postgres"] = postgres;
        settings["ConnectionStrings:Redis"] = _redis.ConnectionString;
        settings["Redis:Prefix"] = new NpgsqlConnectionStringBuilder(postgres).Database!;
        settings["Storage:Path"] = artifacts;
        settings["Jobs:BenchmarkTypes"] = "true";
        settings[$"Jobs:RemoteTypes:{RemoteNoopType}:Description"] = "Does nothing, outside the hosts: measures the platform's cost per remote job.";
        settings[$"Jobs:RemoteTypes:{RemoteNoopType}:InputSchema"] = """{"type":"object"}""";
        settings["Jobs:RunWorkers"] = role == HostRole.Worker ? "true" : "false";
        settings["Serilog:MinimumLevel:Default"] = "Warning";
        settings["Accounts:SigningKey"] = _signingKey;
        return settings;
    }

    public string RedisConnectionString => _redis.ConnectionString;

    /// <summary>Forgets the statement statistics gathered so far.</summary>
    public async Task ResetStatementsAsync()
    {
        await using var connection = new NpgsqlConnection(_postgres.ConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand("CREATE EXTENSION IF NOT EXISTS pg_stat_statements; SELECT pg_stat_statements_reset();", connection);
        await command.ExecuteNonQueryAsync();
    }

    /// <summary>The statements that took the most server time since the last reset.</summary>
    public async Task PrintTopStatementsAsync(TextWriter output, int top = 12)
    {
        await using var connection = new NpgsqlConnection(_postgres.ConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(
            $"SELECT calls, total_exec_time, mean_exec_time, regexp_replace(query, '\\s+', ' ', 'g') FROM pg_stat_statements ORDER BY total_exec_time DESC LIMIT {top}",
            connection);
        await using var reader = await command.ExecuteReaderAsync();
        output.WriteLine($"{"calls",8} {"total ms",10} {"mean ms",8}  statement");
        while (await reader.ReadAsync())
        {
            var query = reader.GetString(3);
            output.WriteLine($"{reader.GetInt64(0),8} {reader.GetDouble(1),10:F0} {reader.GetDouble(2),8:F2}  {query[..Math.Min(query.Length, 150)]}");
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _redis.DisposeAsync();
        await _postgres.DisposeAsync();
        if (Directory.Exists(_folder))
            Directory.Delete(_folder, recursive: true);
    }
}

public enum HostRole
{
    /// <summary>Accepts and schedules jobs, runs none.</summary>
    AcceptOnly,

    /// <summary>Accepts jobs and runs them.</summary>
    Worker,
}
