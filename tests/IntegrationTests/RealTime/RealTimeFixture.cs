using Platform.IntegrationTests.Infrastructure;

namespace Platform.IntegrationTests.RealTime;

/// <summary>
/// Two hosts of one platform over one database and Redis, with presence heartbeats and expiry short enough for
/// tests; the first user registered, the admin, is made before any test runs.
/// </summary>
public sealed class RealTimeFixture() : PlatformFixture("realtime", Settings)
{
    public static readonly TimeSpan PresenceExpiry = TimeSpan.FromSeconds(3);

    private static readonly Dictionary<string, string?> Settings = new()
    {
        ["Hubs:PresenceHeartbeat"] = "00:00:00.500",
        ["Hubs:PresenceExpiry"] = PresenceExpiry.ToString(),
        ["Jobs:BenchmarkTypes"] = "true",
        ["Jobs:RetryDelay"] = "00:00:00.100",
    };

    private PlatformApplication? _second;

    public PlatformApplication First => Application;

    public PlatformApplication Second => _second ?? throw new InvalidOperationException("The hosts have not started.");

    public TestUser Admin { get; private set; } = null!;

    public override async Task InitializeAsync()
    {
        await base.InitializeAsync();
        Admin = await First.CreateUserAsync();
        _second = First.StartSibling(Settings);
    }

    public override async Task DisposeAsync()
    {
        if (_second is not null)
            await _second.DisposeAsync();
        await base.DisposeAsync();
    }
}
