using OpenTelemetry.Metrics;
using Platform.Storage;
using Platform.Storage.Settings;

namespace Platform.Host.Defaults;

/// <summary>
/// Prometheus text at <c>/metrics</c>: ASP.NET Core's request metrics and the platform's own (<see cref="PlatformMetrics"/>),
/// served on the management listener only (<see cref="ManagementOptions"/>); the public port answers it 404.
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
        builder.Services.AddSettings<ManagementOptions>(builder.Configuration, ManagementOptions.Section, ManagementOptions.Rules);
        builder.Services.AddSingleton<ManagementServer>();
        builder.Services.AddHostedService(sp => sp.GetRequiredService<ManagementServer>());
        return builder;
    }

    /// <summary>The public port's answer for <c>/metrics</c>: not here, for anyone, with where to look instead.</summary>
    public static IEndpointRouteBuilder MapMetricsElsewhere(this IEndpointRouteBuilder app)
    {
        app.Map(Path, () => ApiProblems.Create(StatusCodes.Status404NotFound, "not_found", "Not found.",
                $"Metrics are served on the management address ({ManagementOptions.Section}:{nameof(ManagementOptions.Urls)}), not on this one."))
            .AllowAnonymous()
            .ExcludeFromDescription();
        return app;
    }
}
