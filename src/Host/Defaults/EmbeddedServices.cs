using Platform.Host.LocalServices;

namespace Platform.Host.Defaults;

/// <summary>
/// Zero-configuration mode: with no connection strings configured, start (or reuse) private PostgreSQL
/// and Redis servers under the data folder, so <c>dotnet run</c> works on a machine that has them installed.
/// </summary>
public static class EmbeddedServices
{
    public static async Task AddLocalServicesWhenUnconfiguredAsync(this WebApplicationBuilder builder)
    {
        var dataPath = PlatformOptions.Add(builder).FullDataPath;
        var configuration = builder.Configuration;
        using var loggerFactory = LoggerFactory.Create(logging => logging.AddSimpleConsole());
        var logger = loggerFactory.CreateLogger("Platform.Host.EmbeddedServices");

        if (string.IsNullOrWhiteSpace(configuration.GetConnectionString("Postgres")))
        {
            var postgres = await StartOrExplainAsync("PostgreSQL", () => LocalPostgres.StartAsync(new LocalPostgresOptions
            {
                DataDirectory = Path.Combine(dataPath, "postgres"),
                Logger = logger,
            }));
            await postgres.CreateDatabaseAsync("platform", CancellationToken.None);
            configuration["ConnectionStrings:Postgres"] = postgres.ConnectionStringFor("platform");
            logger.LogInformation("Using the local PostgreSQL under {Path} on port {Port}", Path.Combine(dataPath, "postgres"), postgres.Port);
        }
        if (string.IsNullOrWhiteSpace(configuration.GetConnectionString("Redis")))
        {
            var redis = await StartOrExplainAsync("Redis", () => LocalRedis.StartAsync(new LocalRedisOptions
            {
                DataDirectory = Path.Combine(dataPath, "redis"),
                Logger = logger,
            }));
            configuration["ConnectionStrings:Redis"] = redis.ConnectionString;
            logger.LogInformation("Using the local Redis under {Path} on port {Port}", Path.Combine(dataPath, "redis"), redis.Port);
        }
        configuration["Storage:Path"] ??= Path.Combine(dataPath, "objects");
    }

    private static async Task<T> StartOrExplainAsync<T>(string server, Func<Task<T>> start)
    {
        try
        {
            return await start();
        }
        catch (Exception e) when (e is not LocalServiceException)
        {
            throw new LocalServiceException($"Could not start a local {server} server: {e.Message}", e);
        }
    }
}
