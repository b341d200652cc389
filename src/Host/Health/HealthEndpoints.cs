using Microsoft.AspNetCore.Diagnostics.HealthChecks;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace Platform.Host.Health;

/// <summary>
/// <c>/health/live</c>: the process answers (no dependency is checked, so a restart is not the answer to an outage).
/// <c>/health/ready</c>: PostgreSQL, Redis and the scheduler work, each check named with its status in a JSON body.
/// </summary>
public static class HealthEndpoints
{
    private const string Readiness = "ready";
    private static readonly TimeSpan CheckTimeout = TimeSpan.FromSeconds(5);

    public static IHealthChecksBuilder AddReadinessChecks(this IHealthChecksBuilder checks) => checks
        .AddCheck<PostgresHealthCheck>("postgres", tags: [Readiness], timeout: CheckTimeout)
        .AddCheck<RedisHealthCheck>("redis", tags: [Readiness], timeout: CheckTimeout)
        .AddCheck<SchedulerHealthCheck>("scheduler", tags: [Readiness], timeout: CheckTimeout);

    public static IEndpointRouteBuilder MapHealthEndpoints(this IEndpointRouteBuilder app)
    {
        app.MapHealthChecks("/health/live", new HealthCheckOptions { Predicate = _ => false }).AllowAnonymous();
        app.MapHealthChecks("/health/ready", new HealthCheckOptions
        {
            Predicate = check => check.Tags.Contains(Readiness),
            ResponseWriter = WriteReportAsync,
        }).AllowAnonymous();
        return app;
    }

    private static Task WriteReportAsync(HttpContext http, HealthReport report) =>
        http.Response.WriteAsJsonAsync(new ReadinessReport(
            NameOf(report.Status),
            report.Entries.Select(entry => new CheckReport(
                entry.Key, NameOf(entry.Value.Status), entry.Value.Description, Math.Round(entry.Value.Duration.TotalMilliseconds, 1))).ToList()));

    private static string NameOf(HealthStatus status) => status.ToString().ToLowerInvariant();
}

public sealed record ReadinessReport(string Status, IReadOnlyList<CheckReport> Checks);

public sealed record CheckReport(string Name, string Status, string? Description, double DurationMs);
