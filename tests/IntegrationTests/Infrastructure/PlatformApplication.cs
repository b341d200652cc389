using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;
using Platform.Client;
using Platform.Contracts.Accounts;
using Platform.Host.Defaults;

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

    /// <summary>Starts and stops a host that runs no jobs over <paramref name="postgres"/>, leaving the platform's schema there.</summary>
    internal static async Task CreateSchemaAsync(string postgres, string redis)
    {
        var artifacts = Path.Combine(Path.GetTempPath(), "platform-artifacts", Path.GetRandomFileName());
        var settings = new Dictionary<string, string?> { ["Jobs:RunWorkers"] = "false", ["Database:UpdateSchemaOnStart"] = "true" };
        await Start(new PlatformApplication(postgres, redis, artifacts, settings)).DisposeAsync();
    }

    /// <summary>Another host over the same database and artifacts folder as this one.</summary>
    public PlatformApplication StartSibling(IReadOnlyDictionary<string, string?>? settings = null) =>
        Start(new PlatformApplication(_postgres, _redis, _artifactsPath, settings ?? new Dictionary<string, string?>()));

    /// <summary>A new host on this one's port, as if it was restarted; call once this one is disposed.</summary>
    public PlatformApplication Restart(IReadOnlyDictionary<string, string?>? settings = null) =>
        Start(new PlatformApplication(_postgres, _redis, _artifactsPath, settings ?? new Dictionary<string, string?>(), ClientOptions.BaseAddress.Port));

    /// <summary>A client with no credentials at all.</summary>
    public PlatformClient CreateAnonymousClient() => new(ClientOptions.BaseAddress);

    /// <summary>A new user, registered and signed in with a password; their client uses the access token.</summary>
    public Task<TestUser> CreateUserAsync(string? email = null) => TestUser.SignUpAsync(CreateAnonymousClient(), email);

    /// <summary>A client for a new user of its own, calling with an API key that may read and write jobs, as a bot would.</summary>
    public async Task<PlatformClient> CreatePlatformClientAsync() => ClientWithKey(await CreateApiKeyAsync());

    /// <summary>The secret of an API key (jobs:read, jobs:write) of a new user, good on every host of this platform.</summary>
    public async Task<string> CreateApiKeyAsync()
    {
        var user = await CreateUserAsync();
        return (await user.WithApiKeyAsync(Scopes.JobsRead, Scopes.JobsWrite)).Key.Secret;
    }

    public PlatformClient ClientWithKey(string apiKey) => new(ClientOptions.BaseAddress, PlatformCredentials.ApiKey(apiKey));

    /// <summary>A client for this host that calls as <paramref name="user"/>, who may have signed in on another host of the platform.</summary>
    public PlatformClient ClientFor(TestUser user) => new(ClientOptions.BaseAddress, PlatformCredentials.Bearer(user.Tokens.AccessToken));

    /// <summary>A raw HTTP client for this host that sends <paramref name="apiKey"/>.</summary>
    public HttpClient HttpWithKey(string apiKey) =>
        new() { BaseAddress = ClientOptions.BaseAddress, DefaultRequestHeaders = { { ApiKeyHeader.Name, apiKey } } };

    /// <summary>Where this host serves its metrics to operators, apart from its public port.</summary>
    public Uri ManagementAddress => Service<ManagementServer>().Addresses[0];

    public T Service<T>() where T : notnull => Services.GetRequiredService<T>();

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseEnvironment("Development");
        builder.UseSetting("ConnectionStrings:Postgres", _postgres);
        builder.UseSetting("ConnectionStrings:Redis", _redis);
        // One platform per database: its hosts share Redis names that no other test's hosts use.
        builder.UseSetting("Redis:Prefix", new NpgsqlConnectionStringBuilder(_postgres).Database);
        builder.UseSetting("Storage:Path", _artifactsPath);
        builder.UseSetting("Serilog:MinimumLevel:Default", "Warning");
        builder.UseSetting("Accounts:SigningKey", TestSigningKey);
        // Many hosts in one process: each one's metrics on a loopback port the system picks (ManagementAddress).
        builder.UseSetting("Management:Urls", "http://127.0.0.1:0");
        // Every test calls from loopback; tests of the limits themselves set them lower.
        builder.UseSetting("RateLimits:Auth:PermitLimit", "100000");
        builder.UseSetting("RateLimits:AuthFailures:PermitLimit", "100000");
        builder.UseSetting("RateLimits:Links:PermitLimit", "100000");
        builder.UseSetting("RateLimits:Plans:standard:PermitsPerMinute", "10000000");
        // Tests register and sign in hundreds of users; at the shipped Argon2 cost (about 120 ms of processor time a hash
        // here) that alone would be a large part of the suite's time. What is tested is the same either way.
        builder.UseSetting("Accounts:PasswordHashing:MemoryKib", "256");
        builder.UseSetting("Accounts:PasswordHashing:Iterations", "1");
        // Comparing every table with the code costs PostgreSQL about a second of processor time a start, the largest part
        // of a test host's start; a copy of the template this run's code has just created has nothing to compare.
        builder.UseSetting("Database:UpdateSchemaOnStart", "false");
        foreach (var (key, value) in _settings)
            builder.UseSetting(key, value);
        if (_testServices is not null)
            builder.ConfigureTestServices(_testServices);
    }

    // One key for every test host, so siblings and restarted hosts accept each other's tokens as one platform's hosts do.
    public static readonly string TestSigningKey = Convert.ToBase64String(Enumerable.Range(1, 48).Select(i => (byte)(i * 7)).ToArray());

    private static PlatformApplication Start(PlatformApplication application)
    {
        try
        {
            application.StartServer();
            return application;
        }
        catch
        {
            // A host that refused to start stops what it had started already.
            application.Dispose();
            throw;
        }
    }
}
