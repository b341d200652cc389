using Platform.IntegrationTests.Infrastructure;

namespace Platform.IntegrationTests.RealTime;

/// <summary>
/// Two hosts of one platform over one database and Redis, with presence heartbeats and expiry short enough for
/// tests; the first user registered, the admin, is made before any test runs. A derived fixture adds settings of its own.
/// </summary>
public class RealTimeFixture : PlatformFixture
{
    public static readonly TimeSpan PresenceExpiry = TimeSpan.FromSeconds(3);

    private readonly IReadOnlyDictionary<string, string?> _settings;
    private PlatformApplication? _second;

    public RealTimeFixture() : this("realtime", new Dictionary<string, string?>())
    {
    }

    protected RealTimeFixture(string name, IReadOnlyDictionary<string, string?> settings) : base(name, WithRealTimeSettings(settings)) =>
        _settings = WithRealTimeSettings(settings);

    private static Dictionary<string, string?> WithRealTimeSettings(IReadOnlyDictionary<string, string?> settings) => new(settings)
    {
        ["Hubs:PresenceHeartbeat"] = "00:00:00.500",
        ["Hubs:PresenceExpiry"] = PresenceExpiry.ToString(),
        ["Jobs:BenchmarkTypes"] = "true",
        ["Jobs:RetryDelay"] = "00:00:00.100",
    };

    /// <summary>What both hosts were started with, for another host of the same platform.</summary>
    public IReadOnlyDictionary<string, string?> HostSettings => _settings;

    public PlatformApplication First => Application;

    public PlatformApplication Second => _second ?? throw new InvalidOperationException("The hosts have not started.");

    public TestUser Admin { get; private set; } = null!;

    public override async Task InitializeAsync()
    {
        await base.InitializeAsync();
        Admin = await First.CreateUserAsync();
        _second = First.StartSibling(_settings);
    }

    public override async Task DisposeAsync()
    {
        if (_second is not null)
            await _second.DisposeAsync();
        await base.DisposeAsync();
    }
}
