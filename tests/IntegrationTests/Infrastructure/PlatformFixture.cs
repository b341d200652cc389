namespace Platform.IntegrationTests.Infrastructure;

/// <summary>One host per test class, over a database no other class sees.</summary>
public sealed class PlatformFixture : IAsyncLifetime
{
    private PlatformApplication? _application;

    public PlatformApplication Application => _application ?? throw new InvalidOperationException("The host has not started.");

    public async Task InitializeAsync() => _application = await PlatformApplication.StartAsync("jobs");

    public async Task DisposeAsync()
    {
        if (_application is not null)
            await _application.DisposeAsync();
    }
}
