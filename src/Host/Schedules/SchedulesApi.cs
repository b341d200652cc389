using Platform.Contracts.Schedules;
using Platform.Jobs.Scheduling;

namespace Platform.Host.Schedules;

/// <summary>Recurring jobs: a cron expression and the job to submit each time it fires.</summary>
public static class SchedulesApi
{
    public static RouteGroupBuilder MapSchedulesApi(this IEndpointRouteBuilder app)
    {
        var schedules = app.MapApiGroup("/api/v1/schedules", "Schedules");

        schedules.MapPost("/", CreateAsync)
            .Describe("CreateSchedule", "Submit a job on a cron schedule")
            .Accepts<CreateScheduleRequest>("application/json")
            .RequireAuthorization(Scopes.JobsWrite);
        schedules.MapPost("/preview", PreviewAsync)
            .Describe("PreviewSchedule", "What a cron means in plain English, and its next five firings in the time zone; checked as a create checks it")
            .Accepts<PreviewScheduleRequest>("application/json")
            .RequireAuthorization(Scopes.JobsRead);
        schedules.MapGet("/", ListAsync)
            .Describe("ListSchedules", "My schedules, oldest first; ?project= lists one project's")
            .RequireAuthorization(Scopes.JobsRead);
        schedules.MapGet("/{id:guid}", GetAsync)
            .Describe("GetSchedule", "A schedule, its next and last run")
            .RequireAuthorization(Scopes.JobsRead);
        schedules.MapPost("/{id:guid}/pause", PauseAsync)
            .Describe("PauseSchedule", "Stop submitting until resumed")
            .RequireAuthorization(Scopes.JobsWrite);
        schedules.MapPost("/{id:guid}/resume", ResumeAsync)
            .Describe("ResumeSchedule", "Submit again from the next firing on")
            .RequireAuthorization(Scopes.JobsWrite);
        schedules.MapDelete("/{id:guid}", DeleteAsync)
            .Describe("DeleteSchedule", "Delete a schedule; jobs it already submitted stay")
            .RequireAuthorization(Scopes.JobsWrite);
        return schedules;
    }

    private static async Task<Results<Created<Schedule>, ProblemHttpResult, ValidationProblem>> CreateAsync(
        HttpRequest request, ClaimsPrincipal caller, RecurringJobs schedules, CancellationToken ct) =>
        (await JsonBody.ReadThenAsync(request, (CreateScheduleRequest body) => schedules.CreateAsync(body, caller.OwnerId(), ct), ct))
            .Created(created => $"/api/v1/schedules/{created.Id}");

    private static async Task<Results<Ok<SchedulePreview>, ProblemHttpResult, ValidationProblem>> PreviewAsync(
        HttpRequest request, RecurringJobs schedules, CancellationToken ct) =>
        (await JsonBody.ReadThenAsync(request, (PreviewScheduleRequest body) => Task.FromResult(schedules.Preview(body)), ct)).Ok();

    private static async Task<Ok<IReadOnlyList<Schedule>>> ListAsync(Guid? project, ClaimsPrincipal caller, RecurringJobs schedules, CancellationToken ct) =>
        TypedResults.Ok(await schedules.ListAsync(caller.OwnerId(), project, ct));

    private static async Task<Results<Ok<Schedule>, ProblemHttpResult, ValidationProblem>> GetAsync(
        Guid id, ClaimsPrincipal caller, RecurringJobs schedules, CancellationToken ct) =>
        (await schedules.GetAsync(id, caller.OwnerId(), ct)).Map(owned => owned.Schedule).Ok();

    private static async Task<Results<Ok<Schedule>, ProblemHttpResult, ValidationProblem>> PauseAsync(
        Guid id, ClaimsPrincipal caller, RecurringJobs schedules, CancellationToken ct) =>
        (await schedules.PauseAsync(id, caller.OwnerId(), ct)).Map(owned => owned.Schedule).Ok();

    private static async Task<Results<Ok<Schedule>, ProblemHttpResult, ValidationProblem>> ResumeAsync(
        Guid id, ClaimsPrincipal caller, RecurringJobs schedules, CancellationToken ct) =>
        (await schedules.ResumeAsync(id, caller.OwnerId(), ct)).Map(owned => owned.Schedule).Ok();

    private static async Task<Results<NoContent, ProblemHttpResult, ValidationProblem>> DeleteAsync(
        Guid id, ClaimsPrincipal caller, RecurringJobs schedules, CancellationToken ct) =>
        (await schedules.DeleteAsync(id, caller.OwnerId(), ct)).NoContent();
}
