using OpenTelemetry.Metrics;

namespace Platform.Host.Defaults;

/// <summary>
/// The management listener (<see cref="ManagementOptions.Urls"/>): a server of its own that answers <c>/metrics</c>
/// and nothing else, so whoever reaches the public port never reads the host's metrics, whatever it listens on.
/// </summary>
public sealed class ManagementServer(IOptions<ManagementOptions> settings, MeterProvider meters, ILoggerFactory loggers) : IHostedService, IAsyncDisposable
{
    private WebApplication? _server;

    /// <summary>Where the listener answers once started (a port 0 in the settings becomes the port the system gave); empty when it is off.</summary>
    public IReadOnlyList<Uri> Addresses { get; private set; } = [];

    public async Task StartAsync(CancellationToken ct)
    {
        var options = settings.Value;
        if (options.Addresses.Count == 0)
            return;
        var builder = WebApplication.CreateEmptyBuilder(new WebApplicationOptions());
        builder.WebHost.UseKestrelCore().UseUrls([.. options.Addresses]);
        builder.Services.AddSingleton(loggers);
        // The host's own start-up says it started, in which environment and from where; this listener only where it listens.
        builder.Services.Configure<ConsoleLifetimeOptions>(lifetime => lifetime.SuppressStatusMessages = true);
        _server = builder.Build();
        _server.UseOpenTelemetryPrometheusScrapingEndpoint(meters, predicate: null, path: MetricsEndpoint.Path,
            configureBranchedPipeline: null, optionsName: null);
        await _server.StartAsync(ct);
        Addresses = _server.Urls.Select(address => new Uri(address)).ToList();
        loggers.CreateLogger<ManagementServer>().LogInformation("Metrics for operators at {Addresses}",
            string.Join(", ", Addresses.Select(address => new Uri(address, MetricsEndpoint.Path))));
    }

    public async Task StopAsync(CancellationToken ct)
    {
        if (_server is not null)
            await _server.StopAsync(ct);
    }

    public async ValueTask DisposeAsync()
    {
        if (_server is not null)
            await _server.DisposeAsync();
    }
}
