using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;
using Platform.Client;

namespace Platform.IntegrationTests.Infrastructure;

/// <summary>
/// The real host on a loopback port, over its own database on the test run's PostgreSQL and Redis.
/// Two applications given the same database behave as two hosts of one platform (or one host restarted).
/// </summary>
public sealed class PlatformApplication : WebApplicationFactory<Program>
{
    private readonly string _postgres;
    private readonly string _redis;
    private readonly string _artifactsPath;
    private readonly IReadOnlyDictionary<string, string?> _settings;
    private readonly Action<IServiceCollection>? _testServices;

    private PlatformApplication(string postgres, string redis, string artifactsPath, IReadOnlyDictionary<string, string?> settings, int port = 0,
        Action<IServiceCollection>? testServices = null)
    {
        (_postgres, _redis, _artifactsPath, _settings, _testServices) = (postgres, redis, artifactsPath, settings, testServices);
        UseKestrel(port);
    }

    /// <summary>A host over a fresh database of its own; <paramref name="testServices"/> may add to the host's services.</summary>
    public static async Task<PlatformApplication> StartAsync(string name, IReadOnlyDictionary<string, string?>? settings = null,
        Action<IServiceCollection>? testServices = null)
    {
        var servers = await TestServers.Instance();
        var database = await servers.CreateDatabaseAsync(name);
        var artifacts = Path.Combine(Path.GetTempPath(), "platform-artifacts", Path.GetRandomFileName());
        return Start(new PlatformApplication(database, servers.RedisConnectionString, artifacts, settings ?? new Dictionary<string, string?>(),
            testServices: testServices));
    }

    /// <summary>Another host over the same database and artifacts folder as this one.</summary>
    public PlatformApplication StartSibling(IReadOnlyDictionary<string, string?>? settings = null) =>
        Start(new PlatformApplication(_postgres, _redis, _artifactsPath, settings ?? new Dictionary<string, string?>()));

    /// <summary>A new host on this one's port, as if it was restarted; call once this one is disposed.</summary>
    public PlatformApplication Restart(IReadOnlyDictionary<string, string?>? settings = null) =>
        Start(new PlatformApplication(_postgres, _redis, _artifactsPath, settings ?? new Dictionary<string, string?>(), ClientOptions.BaseAddress.Port));

    public PlatformClient CreatePlatformClient() => new(ClientOptions.BaseAddress);

    public T Service<T>() where T : notnull => Services.GetRequiredService<T>();

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseEnvironment("Development");
        builder.UseSetting("ConnectionStrings:Postgres", _postgres);
        builder.UseSetting("ConnectionStrings:Redis", _redis);
        builder.UseSetting("Jobs:ArtifactsPath", _artifactsPath);
        builder.UseSetting("Serilog:MinimumLevel:Default", "Warning");
        // Every test calls from loopback; tests of the limits themselves set them lower.
        builder.UseSetting("RateLimits:Auth:PermitLimit", "100000");
        builder.UseSetting("RateLimits:Plans:standard:PermitsPerMinute", "10000000");
        foreach (var (key, value) in _settings)
            builder.UseSetting(key, value);
        if (_testServices is not null)
            builder.ConfigureTestServices(_testServices);
    }

    private static PlatformApplication Start(PlatformApplication application)
    {
        application.StartServer();
        return application;
    }
}
