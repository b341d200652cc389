using Platform.Contracts.Jobs;
using Platform.Jobs.Model;

namespace Platform.Host.Jobs;

/// <summary><c>GET /api/v1/jobs/{id}/logs</c>: a job's log lines, oldest first, a page at a time. Live lines arrive over the hub as <c>logged</c> events.</summary>
public static class JobLogs
{
    public static RouteGroupBuilder MapJobLogs(this RouteGroupBuilder jobs)
    {
        jobs.MapGet("/{id:guid}/logs", ReadAsync)
            .Describe("GetJobLogs", "A job's log lines, oldest first; filter by the lowest level wanted")
            .RequireAuthorization(Scopes.JobsRead);
        return jobs;
    }

    private static async Task<Results<Ok<Page<JobLogLine>>, ValidationProblem, ProblemHttpResult>> ReadAsync(
        Guid id, string? level, int? page, int? pageSize, ClaimsPrincipal caller, JobStore store, CancellationToken ct)
    {
        if (JobListQuery.PagingProblem(page, pageSize) is { } problem)
            return problem;
        JobLogLevel lowest = JobLogLevel.Debug;
        if (level is not null && (!Enum.TryParse(level, ignoreCase: true, out lowest) || int.TryParse(level, out _)))
            return ApiProblems.Invalid("level", $"must be one of {string.Join(", ", Enum.GetNames<JobLogLevel>().Select(n => n.ToLowerInvariant()))}.");
        if (await store.GetOwnedAsync(id, caller.OwnerId(), ct) is null)
            return JobsApi.NotFound(id);

        // The history is read a page at a time; only the lines of the page asked for are kept.
        var (number, size) = (page ?? 1, pageSize ?? 100);
        var skip = (number - 1) * size;
        var lines = new List<JobLogLine>(size);
        var total = 0L;
        await foreach (var events in store.ReadEventPagesAsync(id, 0, ct))
            foreach (var e in events.Where(e => e.Kind == JobEventKind.Logged && e.Level >= lowest))
                if (total++ >= skip && lines.Count < size)
                    lines.Add(new JobLogLine(e.Version, e.At, e.Level!.Value, e.Message ?? "", e.Attempt));
        return TypedResults.Ok(new Page<JobLogLine>(lines, total, number, size));
    }
}
