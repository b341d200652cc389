using Marten;
using Platform.Contracts.Files;
using Platform.Contracts.Jobs;
using Platform.Contracts.Schedules;
using Platform.Host.Jobs;
using Platform.Jobs.Model;
using Platform.Jobs.Scheduling;
using Platform.Storage.Files;
using Platform.Storage.Projects;

namespace Platform.Host.Projects;

/// <summary>
/// What one project holds: the same lists as <c>/api/v1/jobs</c>, <c>/api/v1/files</c> and <c>/api/v1/schedules</c> with
/// <c>?project=</c>, except that a project the caller does not have is 404 rather than an empty list.
/// </summary>
public static class ProjectContentsApi
{
    public static RouteGroupBuilder MapProjectContents(this RouteGroupBuilder projects)
    {
        projects.MapGet("/{id:guid}/jobs", ListJobsAsync)
            .Describe("ListProjectJobs", "A project's jobs, newest first; status, type and paging as in ListJobs");
        projects.MapGet("/{id:guid}/files", ListFilesAsync)
            .Describe("ListProjectFiles", "A project's files, newest first");
        projects.MapGet("/{id:guid}/schedules", ListSchedulesAsync)
            .Describe("ListProjectSchedules", "A project's schedules, oldest first");
        return projects;
    }

    private static async Task<Results<Ok<Page<Job>>, ProblemHttpResult, ValidationProblem>> ListJobsAsync(
        Guid id, string? status, string? type, int? page, int? pageSize, ClaimsPrincipal caller, ProjectGate gate, IQuerySession session,
        CancellationToken ct)
    {
        if (await gate.FindOwnedAsync(id, caller.OwnerId(), ct) is null)
            return NotFound(id);
        var (filter, problem) = JobListQuery.Parse(caller.OwnerId(), status, type, page, pageSize);
        return filter is null ? problem! : TypedResults.Ok(await session.ListAsync(filter with { ProjectId = id }, ct));
    }

    private static async Task<Results<Ok<Page<UserFile>>, ProblemHttpResult, ValidationProblem>> ListFilesAsync(
        Guid id, int? page, int? pageSize, ClaimsPrincipal caller, ProjectGate gate, UserFiles files, CancellationToken ct)
    {
        if (await gate.FindOwnedAsync(id, caller.OwnerId(), ct) is null)
            return NotFound(id);
        if (JobListQuery.PagingProblem(page, pageSize) is { } problem)
            return problem;
        return TypedResults.Ok(await files.ListAsync(caller.OwnerGuidOf(), id, page ?? 1, pageSize ?? 20, ct));
    }

    private static async Task<Results<Ok<IReadOnlyList<Schedule>>, ProblemHttpResult>> ListSchedulesAsync(
        Guid id, ClaimsPrincipal caller, ProjectGate gate, RecurringJobs schedules, CancellationToken ct)
    {
        if (await gate.FindOwnedAsync(id, caller.OwnerId(), ct) is null)
            return NotFound(id);
        return TypedResults.Ok(await schedules.ListAsync(caller.OwnerId(), id, ct));
    }

    private static ProblemHttpResult NotFound(Guid id) => Answers.Problem(ProjectRefusals.NotFound(id));
}
