using System.Security.Claims;
using Marten;
using Microsoft.AspNetCore.Http.HttpResults;
using Platform.Contracts.Admin;
using Platform.Contracts.Jobs;
using Platform.Host.Accounts;
using Platform.Host.Defaults;
using Platform.Host.Jobs;
using Platform.Host.Schedules;
using Platform.Jobs.Scheduling;
using Platform.Storage.Accounts;
using Platform.Storage.Outcomes;

namespace Platform.Host.Admin;

/// <summary>Every user's schedules for admins: each act on one is the owner's schedule acted on, and recorded against the owner.</summary>
public static class AdminSchedulesApi
{
    /// <summary>Maps the schedule endpoints onto the admin group, which brings its tag, admin scope and rate limit.</summary>
    public static RouteGroupBuilder MapAdminSchedulesApi(this RouteGroupBuilder admin)
    {
        admin.MapGet("/schedules", ListAsync)
            .WithName("AdminListSchedules")
            .WithSummary("Every user's schedules with their owners, newest first; filter by owner, search by name");
        admin.MapPost("/schedules/{id:guid}/trigger", TriggerAsync)
            .WithName("AdminTriggerSchedule")
            .WithSummary("Submit a schedule's job now, paused or not, as its owner and within the owner's quota; it counts as a run")
            .ProducesProblem(StatusCodes.Status409Conflict)
            .ProducesProblem(StatusCodes.Status429TooManyRequests);
        admin.MapPost("/schedules/{id:guid}/pause", PauseAsync)
            .WithName("AdminPauseSchedule")
            .WithSummary("Pause any user's schedule");
        admin.MapPost("/schedules/{id:guid}/resume", ResumeAsync)
            .WithName("AdminResumeSchedule")
            .WithSummary("Resume any user's schedule");
        admin.MapDelete("/schedules/{id:guid}", DeleteAsync)
            .WithName("AdminDeleteSchedule")
            .WithSummary("Delete any user's schedule; jobs it already submitted stay");
        return admin;
    }

    private static async Task<Results<Ok<Page<AdminSchedule>>, ValidationProblem>> ListAsync(
        RecurringJobs schedules, IQuerySession documents, Guid? owner, string? search, int? page, int? pageSize, CancellationToken ct)
    {
        if (JobListQuery.PagingProblem(page, pageSize) is { } problem)
            return problem;
        var found = await schedules.ListPageAsync(owner?.ToString(), search, page ?? 1, pageSize ?? 20, ct);
        var emails = await EmailsAsync(documents, found.Items, ct);
        return TypedResults.Ok(new Page<AdminSchedule>(found.Items.Select(s => ToAdminSchedule(s, emails)).ToList(), found.Total, found.PageNumber, found.PageSize));
    }

    private static async Task<Results<Accepted<Job>, ProblemHttpResult>> TriggerAsync(
        Guid id, ClaimsPrincipal caller, RecurringJobs schedules, AuditLog audit, CancellationToken ct)
    {
        var firing = await schedules.TriggerAsync(id, ownerId: null, ct);
        if (firing.Schedule is not { } owned)
            return SchedulesApi.NotFound(id);
        if (firing.Submit is { Succeeded: true } submitted)
        {
            var job = submitted.Value;
            await audit.RecordAsync(AuditActions.ScheduleTriggered, caller.UserIdOf(), OwnerIdOf(owned), succeeded: true, $"{Describe(owned)}: job {job.Id}");
            // No Location: the job is the owner's to read at /api/v1/jobs/{id}, and admins find it in /api/v1/admin/jobs.
            return TypedResults.Accepted((string?)null, job);
        }
        var refusal = RefusalOf(firing);
        await audit.RecordAsync(AuditActions.ScheduleTriggered, caller.UserIdOf(), OwnerIdOf(owned), succeeded: false,
            $"{Describe(owned)}: {refusal.ProblemDetails.Title}");
        return refusal;
    }

    private static ProblemHttpResult RefusalOf(Firing firing) => firing switch
    {
        { Outcome: FiringOutcome.OwnerDisabled } => ApiProblems.Create(StatusCodes.Status409Conflict, "owner_disabled",
            "The schedule's owner is disabled.", "A disabled user's schedules submit nothing; enable the user first."),
        { Submit.Refusal: { Kind: RefusalKind.TooMany } quota } => Answers.Problem(quota),
        { Submit.Refusal: { } refused } => ApiProblems.Create(StatusCodes.Status409Conflict, "schedule_job_invalid",
            "The schedule's job is no longer accepted.", refused.Reason),
        _ => throw new InvalidOperationException($"A trigger that submitted nothing came to {firing.Outcome}."),
    };

    private static async Task<Results<Ok<AdminSchedule>, ProblemHttpResult>> PauseAsync(
        Guid id, ClaimsPrincipal caller, RecurringJobs schedules, IQuerySession documents, AuditLog audit, CancellationToken ct) =>
        await RecordedAsync(id, caller, documents, audit, AuditActions.SchedulePaused, await schedules.PauseAsync(id, ownerId: null, ct), ct);

    private static async Task<Results<Ok<AdminSchedule>, ProblemHttpResult>> ResumeAsync(
        Guid id, ClaimsPrincipal caller, RecurringJobs schedules, IQuerySession documents, AuditLog audit, CancellationToken ct) =>
        await RecordedAsync(id, caller, documents, audit, AuditActions.ScheduleResumed, await schedules.ResumeAsync(id, ownerId: null, ct), ct);

    private static async Task<Results<NoContent, ProblemHttpResult>> DeleteAsync(
        Guid id, ClaimsPrincipal caller, RecurringJobs schedules, AuditLog audit, CancellationToken ct)
    {
        if (await schedules.DeleteAsync(id, ownerId: null, ct) is not { } deleted)
            return SchedulesApi.NotFound(id);
        await audit.RecordAsync(AuditActions.ScheduleDeleted, caller.UserIdOf(), OwnerIdOf(deleted), succeeded: true, Describe(deleted));
        return TypedResults.NoContent();
    }

    // Records what was done to the schedule, if there was one, and answers with it as admins see it.
    private static async Task<Results<Ok<AdminSchedule>, ProblemHttpResult>> RecordedAsync(
        Guid id, ClaimsPrincipal caller, IQuerySession documents, AuditLog audit, string action, OwnedSchedule? changed, CancellationToken ct)
    {
        if (changed is null)
            return SchedulesApi.NotFound(id);
        await audit.RecordAsync(action, caller.UserIdOf(), OwnerIdOf(changed), succeeded: true, Describe(changed));
        return TypedResults.Ok(ToAdminSchedule(changed, await EmailsAsync(documents, [changed], ct)));
    }

    private static async Task<IReadOnlyDictionary<Guid, string>> EmailsAsync(IQuerySession documents, IEnumerable<OwnedSchedule> schedules, CancellationToken ct)
    {
        var owners = await documents.LoadManyAsync<UserAccount>(ct, schedules.Select(OwnerIdOf).Distinct().ToArray());
        return owners.ToDictionary(owner => owner.Id, owner => owner.Email);
    }

    // Users are disabled, never deleted; should an owner's account be gone all the same, the list still answers.
    private static AdminSchedule ToAdminSchedule(OwnedSchedule owned, IReadOnlyDictionary<Guid, string> emails) =>
        new(OwnerIdOf(owned), emails.GetValueOrDefault(OwnerIdOf(owned), ""), owned.Schedule);

    // Schedules are created by signed-in users, whose owner id is their user id.
    private static Guid OwnerIdOf(OwnedSchedule owned) => Guid.Parse(owned.OwnerId);

    private static string Describe(OwnedSchedule owned) => $"schedule {owned.Schedule.Id} \"{owned.Schedule.Name}\"";
}
