using System.Globalization;
using Serilog;
using Serilog.Events;
using Serilog.Formatting.Compact;

namespace Platform.Host.Defaults;

/// <summary>Serilog: readable text in Development, one JSON object a line elsewhere; one log event per request.</summary>
public static class Logging
{
    public static WebApplicationBuilder AddStructuredLogging(this WebApplicationBuilder builder)
    {
        var readable = builder.Environment.IsDevelopment();
        builder.Services.AddSerilog((services, logger) =>
        {
            // Services may add sinks and enrichers of their own (the tests capture events this way).
            logger.ReadFrom.Configuration(builder.Configuration)
                .ReadFrom.Services(services)
                .Enrich.FromLogContext();
            if (readable)
                logger.WriteTo.Console(formatProvider: CultureInfo.InvariantCulture);
            else
                logger.WriteTo.Console(new RenderedCompactJsonFormatter());
        }, preserveStaticLogger: true); // Each host logs through its own logger, even when several share a process (as in tests).
        LoggersByCategory.Wrap(builder.Services);
        return builder;
    }

    /// <summary>Logs each request once it ends, with its request id, the caller's user id and the job it is about.</summary>
    public static WebApplication UseRequestLogging(this WebApplication app)
    {
        app.UseSerilogRequestLogging(options =>
        {
            // This host's logger; the middleware would otherwise write to the static one.
            options.Logger = app.Services.GetRequiredService<Serilog.ILogger>();
            options.GetLevel = LevelOf;
            options.EnrichDiagnosticContext = (diagnostics, http) =>
            {
                diagnostics.Set("RequestId", http.TraceIdentifier);
                if (http.User.FindFirstValue(PlatformClaims.UserId) is { } userId)
                    diagnostics.Set("UserId", userId);
                if (JobIdOf(http) is { } jobId)
                    diagnostics.Set("JobId", jobId);
            };
        });
        return app;
    }

    /// <summary>The job of a <c>/api/v1/jobs/{id}…</c> route; other routes' ids (batches, schedules) are not jobs.</summary>
    private static string? JobIdOf(HttpContext http) =>
        http.GetEndpoint() is RouteEndpoint { RoutePattern.RawText: { } route }
        && route.StartsWith("/api/v1/jobs/{id", StringComparison.Ordinal)
        && http.GetRouteValue("id") is { } id
            ? id.ToString()
            : null;

    // Probes and scrapes come every few seconds, and a probe's 503 is its answer, not a failure of the request.
    private static LogEventLevel LevelOf(HttpContext http, double elapsedMs, Exception? error) =>
        error is not null ? LogEventLevel.Error
        : http.Request.Path.StartsWithSegments("/health") || http.Request.Path.StartsWithSegments("/metrics") ? LogEventLevel.Debug
        : http.Response.StatusCode >= 500 ? LogEventLevel.Error
        : LogEventLevel.Information;
}
