using OpenTelemetry.Metrics;
using Platform.Storage;

namespace Platform.Host.Defaults;

/// <summary>
/// Prometheus text at <c>/metrics</c>: ASP.NET Core's request metrics and the platform's own (<see cref="PlatformMetrics"/>).
/// The endpoint is anonymous, like a probe; keep it off the public network.
/// </summary>
public static class MetricsEndpoint
{
    public const string Path = "/metrics";

    public static WebApplicationBuilder AddPrometheusMetrics(this WebApplicationBuilder builder)
    {
        builder.Services.AddOpenTelemetry().WithMetrics(metrics => metrics
            .AddAspNetCoreInstrumentation()
            .AddMeter(PlatformMetrics.MeterName)
            .AddPrometheusExporter());
        return builder;
    }

    public static IEndpointRouteBuilder MapMetricsEndpoint(this IEndpointRouteBuilder app)
    {
        app.MapPrometheusScrapingEndpoint(Path).AllowAnonymous();
        return app;
    }
}
