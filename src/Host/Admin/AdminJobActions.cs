using System.Text.Json;
using Platform.Contracts;
using Platform.Contracts.Admin;
using Platform.Contracts.Jobs;
using Platform.Jobs;

namespace Platform.Host.Admin;

/// <summary>Admins retry or cancel many jobs of any users in one request, each job's outcome in the audit log under its owner.</summary>
public static class AdminJobActions
{
    public static RouteGroupBuilder MapAdminJobActions(this RouteGroupBuilder admin)
    {
        admin.MapPost("/jobs/bulk", BulkAsync)
            .Describe("AdminBulkJobs", "Retry or cancel many jobs of any users at once (at most Admin:MaxBulkJobs); what became of each, in the order asked")
            .Accepts<BulkJobsRequest>("application/json");
        return admin;
    }

    private static async Task<Results<Ok<BulkJobsResult>, ValidationProblem>> BulkAsync(
        HttpRequest request, ClaimsPrincipal caller, JobCommands commands, AuditLog audit, IOptions<AdminOptions> options, CancellationToken ct)
    {
        var (body, problem) = await JsonBody.ReadAsync<BulkJobsRequest>(request, ct);
        if (body is null)
            return problem!;
        if (Check(body, options.Value.MaxBulkJobs) is { Any: true } errors)
            return ApiProblems.Invalid(errors);

        var jobIds = body.JobIds;
        var results = body.Action == BulkJobActions.Retry
            ? (await commands.RetryAnyAsync(jobIds, ct)).Select((r, i) => new BulkJobResult(jobIds[i], RetriedOf(r), r.Job)).ToList()
            : (await commands.CancelAnyAsync(jobIds, ct)).Select((r, i) => new BulkJobResult(jobIds[i], CancelledOf(r), r.Job)).ToList();

        // An entry per job, not per request: its subject is the job's owner, so the owner's audit trail shows what was done to their jobs.
        await audit.RecordManyAsync(body.Action == BulkJobActions.Retry ? AuditActions.JobRetriedByAdmin : AuditActions.JobCancelledByAdmin,
            caller.UserIdOf(), results.Select(AuditOf).ToList());
        return TypedResults.Ok(new BulkJobsResult(results));
    }

    private static FieldErrors Check(BulkJobsRequest body, int max)
    {
        var errors = new FieldErrors();
        if (errors.Required("action", body.Action) && !BulkJobActions.IsKnown(body.Action))
            errors.Add("action", $"must be {BulkJobActions.Retry} or {BulkJobActions.Cancel}.");
        if (body.JobIds is null || body.JobIds.Count == 0)
            errors.Add("jobIds", $"must hold 1 to {max} job ids.");
        else if (body.JobIds.Count > max)
            errors.Add("jobIds", $"must hold at most {max} job ids; this request has {body.JobIds.Count}.");
        else if (body.JobIds.GroupBy(id => id).FirstOrDefault(ids => ids.Count() > 1) is { } twice)
            errors.Add("jobIds", $"must name each job once; {twice.Key} is there {twice.Count()} times.");
        return errors;
    }

    private static BulkJobOutcome RetriedOf(JobAction retry) => retry.Outcome.Refusal switch
    {
        null => BulkJobOutcome.Retried,
        { Code: JobRefusals.NotRetryableCode } => BulkJobOutcome.NotRetryable,
        { Code: JobRefusals.QuotaReachedCode } => BulkJobOutcome.QuotaReached,
        _ => BulkJobOutcome.NotFound,
    };

    private static BulkJobOutcome CancelledOf(JobAction cancel) => cancel.Outcome.Refusal switch
    {
        null => cancel.Outcome.Value.Status == JobStatus.Cancelled ? BulkJobOutcome.Cancelled : BulkJobOutcome.Cancelling,
        { Code: JobRefusals.FinishedCode } => BulkJobOutcome.AlreadyFinished,
        _ => BulkJobOutcome.NotFound,
    };

    private static (Guid? OwnerId, bool Succeeded, string? Detail) AuditOf(BulkJobResult result) => (
        Guid.TryParse(result.Job?.OwnerId, out var owner) ? owner : null,
        result.Outcome is BulkJobOutcome.Retried or BulkJobOutcome.Cancelled or BulkJobOutcome.Cancelling,
        $"job {result.JobId}: {JsonNamingPolicy.CamelCase.ConvertName(result.Outcome.ToString())}");
}
