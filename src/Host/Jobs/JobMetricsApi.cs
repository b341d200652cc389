using System.Text.Json;
using Platform.Contracts;
using Platform.Contracts.Jobs;
using Platform.Jobs;
using Platform.Jobs.Model;
using Platform.Storage.Metrics;

namespace Platform.Host.Jobs;

/// <summary>
/// <c>GET /api/v1/jobs/{id}/metrics</c>: a job's metric series (live values arrive over the hub as ticks), and
/// <c>GET /api/v1/metrics/aggregate</c>: a metric's final values across the caller's finished jobs, summarised by group.
/// </summary>
public static class JobMetricsApi
{
    public static RouteGroupBuilder MapJobMetrics(this RouteGroupBuilder jobs)
    {
        jobs.MapGet("/{id:guid}/metrics", SeriesAsync)
            .Describe("GetJobMetrics", "A job's metrics as series of (step, value, at) by name, oldest first; ?name= asks for one")
            .RequireAuthorization(Scopes.JobsRead);
        return jobs;
    }

    public static RouteGroupBuilder MapMetricsApi(this IEndpointRouteBuilder app)
    {
        var metrics = app.MapApiGroup("/api/v1/metrics", "Jobs");
        metrics.MapGet("/aggregate", AggregateAsync)
            .Describe("AggregateJobMetric", "A metric's final value per finished job (finished in [from, to)), as min, max, mean and count per type, project or day")
            .RequireAuthorization(Scopes.JobsRead);
        return metrics;
    }

    private static async Task<Results<Ok<JobMetrics>, ProblemHttpResult>> SeriesAsync(Guid id, string? name, ClaimsPrincipal caller, JobStore store,
        MetricSeriesRows series, CancellationToken ct)
    {
        if (await store.GetOwnedAsync(id, caller.OwnerId(), ct) is null)
            return JobsApi.NotFound(id);
        return TypedResults.Ok(new JobMetrics(await series.ReadAsync(id, string.IsNullOrEmpty(name) ? null : name, ct)));
    }

    private static async Task<Results<Ok<MetricAggregate>, ValidationProblem>> AggregateAsync(string? metric, string? groupBy, string? from, string? to,
        ClaimsPrincipal caller, MetricFinalRows finals, JobsOptions options, TimeProvider clock, CancellationToken ct)
    {
        var (query, problem) = AggregateQuery.Parse(metric, groupBy, from, to, options, clock.GetUtcNow());
        if (query is null)
            return problem!;
        var groups = await finals.AggregateAsync(caller.OwnerId(), query.Metric, query.GroupBy, query.From, query.To, ct);
        return TypedResults.Ok(new MetricAggregate(query.Metric, query.GroupBy, query.From, query.To, groups));
    }
}

/// <summary>The query of a metric aggregate, checked: the metric, how to group, and the period, at most <see cref="JobsOptions.MaxMetricAggregatePeriod"/> long.</summary>
internal sealed record AggregateQuery(string Metric, MetricGrouping GroupBy, DateTimeOffset From, DateTimeOffset To)
{
    public static (AggregateQuery? Query, ValidationProblem? Problem) Parse(string? metric, string? groupBy, string? from, string? to, JobsOptions options,
        DateTimeOffset now)
    {
        var errors = new FieldErrors();
        var longest = options.MaxMetricAggregatePeriod;
        if (errors.Required("metric", metric))
            errors.MaxLength("metric", metric, options.Reports.MaxMetricNameLength);
        var grouping = MetricGrouping.Type;
        if (groupBy is not null && (!Enum.TryParse(groupBy, ignoreCase: true, out grouping) || !Enum.IsDefined(grouping) || int.TryParse(groupBy, out _)))
            errors.Add("groupBy", $"must be one of {string.Join(", ", Enum.GetNames<MetricGrouping>().Select(JsonNamingPolicy.CamelCase.ConvertName))}.");
        if (!QueryTimes.TryParse(from, out var since))
            errors.Add("from", "must be a date and time, e.g. 2026-05-01T00:00:00Z.");
        if (!QueryTimes.TryParse(to, out var until))
            errors.Add("to", "must be a date and time, e.g. 2026-05-02T00:00:00Z.");
        var end = until ?? now;
        var start = since ?? end - longest;
        if (since is not null && start > end)
            errors.Add("from", "must not be after to.");
        else if (end - start > longest)
            errors.Add("from", $"must be at most {longest.TotalDays:0.##} days before to (Jobs:MaxMetricAggregatePeriod).");
        return errors.Any ? (null, ApiProblems.Invalid(errors)) : (new AggregateQuery(metric!, grouping, start, end), null);
    }
}
