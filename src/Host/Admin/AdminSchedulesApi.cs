using Platform.Contracts.Admin;
using Platform.Contracts.Jobs;
using Platform.Host.Jobs;
using Platform.Host.Schedules;

namespace Platform.Host.Admin;

/// <summary>Every user's schedules for admins: each act on one is the owner's schedule acted on, and recorded against the owner.</summary>
public static class AdminSchedulesApi
{
    /// <summary>Maps the schedule endpoints onto the admin group, which brings its tag, admin scope and rate limit.</summary>
    public static RouteGroupBuilder MapAdminSchedulesApi(this RouteGroupBuilder admin)
    {
        admin.MapGet("/schedules", ListAsync)
            .Describe("AdminListSchedules", "Every user's schedules with their owners, newest first; filter by owner, search by name");
        admin.MapPost("/schedules/{id:guid}/trigger", TriggerAsync)
            .Describe("AdminTriggerSchedule", "Submit a schedule's job now, paused or not, as its owner and within the owner's quota; it counts as a run")
            .ProducesProblem(StatusCodes.Status409Conflict)
            .ProducesProblem(StatusCodes.Status429TooManyRequests);
        admin.MapPost("/schedules/{id:guid}/pause", PauseAsync)
            .Describe("AdminPauseSchedule", "Pause any user's schedule");
        admin.MapPost("/schedules/{id:guid}/resume", ResumeAsync)
            .Describe("AdminResumeSchedule", "Resume any user's schedule");
        admin.MapDelete("/schedules/{id:guid}", DeleteAsync)
            .Describe("AdminDeleteSchedule", "Delete any user's schedule; jobs it already submitted stay");
        return admin;
    }

    private static async Task<Results<Ok<Page<AdminSchedule>>, ValidationProblem>> ListAsync(
        ScheduleAdministration schedules, Guid? owner, string? search, int? page, int? pageSize, CancellationToken ct)
    {
        if (JobListQuery.PagingProblem(page, pageSize) is { } problem)
            return problem;
        return TypedResults.Ok(await schedules.ListAsync(owner, search, page ?? 1, pageSize ?? 20, ct));
    }

    // No Location: the job is the owner's to read at /api/v1/jobs/{id}, and admins find it in /api/v1/admin/jobs.
    private static async Task<Results<Accepted<Job>, ProblemHttpResult, ValidationProblem>> TriggerAsync(
        Guid id, ClaimsPrincipal caller, ScheduleAdministration schedules, CancellationToken ct) =>
        (await schedules.TriggerAsync(caller.UserIdOf(), id, ct)).Answer(job => TypedResults.Accepted((string?)null, job));

    private static async Task<Results<Ok<AdminSchedule>, ProblemHttpResult, ValidationProblem>> PauseAsync(
        Guid id, ClaimsPrincipal caller, ScheduleAdministration schedules, CancellationToken ct) =>
        (await schedules.PauseAsync(caller.UserIdOf(), id, ct)).Ok();

    private static async Task<Results<Ok<AdminSchedule>, ProblemHttpResult, ValidationProblem>> ResumeAsync(
        Guid id, ClaimsPrincipal caller, ScheduleAdministration schedules, CancellationToken ct) =>
        (await schedules.ResumeAsync(caller.UserIdOf(), id, ct)).Ok();

    private static async Task<Results<NoContent, ProblemHttpResult, ValidationProblem>> DeleteAsync(
        Guid id, ClaimsPrincipal caller, ScheduleAdministration schedules, CancellationToken ct) =>
        (await schedules.DeleteAsync(caller.UserIdOf(), id, ct)).NoContent();
}
