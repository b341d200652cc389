using Platform.IntegrationTests.Infrastructure;

namespace Platform.IntegrationTests.Admin;

/// <summary>A host over a fresh database whose first registered user, the admin, is made before any test runs.</summary>
public sealed class AdminFixture : IAsyncLifetime
{
    private PlatformApplication? _application;

    public PlatformApplication Application => _application ?? throw new InvalidOperationException("The host has not started.");

    public TestUser Admin { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        _application = await PlatformApplication.StartAsync("admin");
        Admin = await _application.CreateUserAsync();
    }

    public async Task DisposeAsync()
    {
        if (_application is not null)
            await _application.DisposeAsync();
    }
}
