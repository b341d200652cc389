using Platform.Host.LocalServices;

namespace Platform.Load.Cluster;

/// <summary>Throwaway PostgreSQL and Redis for one run of the tool; each deployment gets a fresh database and hosts.</summary>
public sealed class LocalCluster : IAsyncDisposable
{
    private readonly LocalPostgres _postgres;
    private readonly LocalRedis _redis;
    private readonly string _folder;
    private int _deployments;

    private LocalCluster(LocalPostgres postgres, LocalRedis redis, string folder) => (_postgres, _redis, _folder) = (postgres, redis, folder);

    public string PostgresConnectionString => _postgres.ConnectionString;

    public static async Task<LocalCluster> StartAsync()
    {
        var folder = Path.Combine(Path.GetTempPath(), $"platform-load-{Path.GetRandomFileName()}");
        var postgres = await LocalPostgres.StartAsync(new LocalPostgresOptions
        {
            DataDirectory = Path.Combine(folder, "postgres"),
            Throwaway = true,
            StopOnDispose = true,
        });
        var redis = await LocalRedis.StartAsync(new LocalRedisOptions
        {
            DataDirectory = Path.Combine(folder, "redis"),
            Throwaway = true,
            StopOnDispose = true,
        });
        return new LocalCluster(postgres, redis, folder);
    }

    public async Task<Deployment> DeployAsync(string name, params HostRole[] roles)
    {
        var database = $"load_{name.Replace('-', '_')}_{Interlocked.Increment(ref _deployments)}";
        await _postgres.CreateDatabaseAsync(database, CancellationToken.None);
        var deployment = new Deployment(this, _postgres.ConnectionStringFor(database), Path.Combine(_folder, "artifacts", database));
        foreach (var role in roles)
            await deployment.AddHostAsync(role);
        return deployment;
    }

    internal Dictionary<string, string> SettingsFor(string postgres, string artifacts, HostRole role) => new()
    {
        ["ConnectionStrings:Postgres"] = postgres,
        ["ConnectionStrings:Redis"] = _redis.ConnectionString,
        ["Jobs:ArtifactsPath"] = artifacts,
        ["Jobs:BenchmarkTypes"] = "true",
        ["Jobs:RunWorkers"] = role == HostRole.Worker ? "true" : "false",
        ["Serilog:MinimumLevel:Default"] = "Warning",
    };

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
