using Microsoft.Extensions.DependencyInjection;

namespace Platform.IntegrationTests.Infrastructure;

/// <summary>
/// One host per test class, over a database no other class sees. A class that needs other settings derives a fixture
/// that names its database and passes them; the host is the same real one either way.
/// </summary>
public class PlatformFixture : IAsyncLifetime
{
    private readonly string _name;
    private readonly IReadOnlyDictionary<string, string?>? _settings;
    private readonly Action<IServiceCollection>? _testServices;
    private PlatformApplication? _application;
    private Task<HttpClient>? _keyedHttp;

    public PlatformFixture() : this("jobs")
    {
    }

    /// <param name="testServices">Adds to the host's services, e.g. something that stands between it and its callers.</param>
    protected PlatformFixture(string name, IReadOnlyDictionary<string, string?>? settings = null, Action<IServiceCollection>? testServices = null) =>
        (_name, _settings, _testServices) = (name, settings, testServices);

    public PlatformApplication Application => _application ?? throw new InvalidOperationException("The host has not started.");

    /// <summary>One raw HTTP client for the class, sending the API key (jobs:read, jobs:write) of a user of its own.</summary>
    public Task<HttpClient> KeyedHttpAsync() => _keyedHttp ??= CreateKeyedHttpAsync();

    public virtual async Task InitializeAsync() => _application = await PlatformApplication.StartAsync(_name, _settings, _testServices);

    public virtual async Task DisposeAsync()
    {
        if (_keyedHttp is { IsCompletedSuccessfully: true })
            _keyedHttp.Result.Dispose();
        if (_application is not null)
            await _application.DisposeAsync();
    }

    private async Task<HttpClient> CreateKeyedHttpAsync() => Application.HttpWithKey(await Application.CreateApiKeyAsync());
}
