using System.Security.Claims;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.Options;
using Platform.Contracts;
using Platform.Contracts.Accounts;
using Platform.Contracts.Files;
using Platform.Contracts.Workers;
using Platform.Host.Accounts;
using Platform.Host.Defaults;
using Platform.Host.Files;
using Platform.Jobs;
using Platform.Jobs.Artifacts;
using Platform.Jobs.Remote;
using Platform.Jobs.Types;

namespace Platform.Host.Workers;

/// <summary>
/// Plain HTTP for workers outside the hosts: claim jobs of remote types, report on them, end them. Every call about a
/// job names the lease its claim answered (<c>X-Job-Lease</c>) and answers whether the job was asked to stop; a lease
/// that ran out or was never this worker's is a 409. An admin's worker key (made with the password) runs everyone's
/// jobs of its types, any other key only its owner's own. Requests that wait are held as <see cref="WorkerWaits"/>.
/// </summary>
public static class WorkerApi
{
    public const int MaxWorkerNameLength = 64;

    public static RouteGroupBuilder MapWorkerApi(this IEndpointRouteBuilder app)
    {
        var worker = app.MapGroup("/api/v1/worker")
            .WithTags("Workers")
            .RequireRateLimiting(RateLimitPolicies.Api)
            .RequireAuthorization(Scopes.Worker);
        worker.MapPost("/claim", ClaimAsync)
            .WithName("ClaimJobs")
            .WithSummary("Claim ready jobs of remote types, waiting for one when none is ready")
            .Accepts<ClaimRequest>("application/json");
        var job = worker.MapGroup("/jobs/{id:guid}");
        job.MapPost("/heartbeat", HeartbeatAsync)
            .WithName("RenewJobLease")
            .WithSummary("Renew the lease on a claimed job and learn whether it was asked to stop; with waitSeconds, as soon as it is");
        job.MapPost("/progress", async (Guid id, HttpRequest request, RemoteWork work, JobsOptions options, CancellationToken ct) =>
                await ReportAsync<ProgressReport>(request, ct, report => options.Reports.ProgressProblem(report.Message, report.Metrics),
                    (lease, report) => work.ProgressAsync(id, lease, report.Percent, report.Message, report.Metrics, ct)))
            .WithName("ReportJobProgress")
            .WithSummary("Report how far a claimed job got, with metrics; watchers see it at once")
            .Accepts<ProgressReport>("application/json");
        job.MapPost("/log", LogAsync)
            .WithName("WriteJobLog")
            .WithSummary("Add a line to a claimed job's log")
            .Accepts<LogReport>("application/json");
        job.MapPut("/artifacts/{name}", UploadAsync)
            .WithName("UploadJobArtifact")
            .WithSummary("Upload a file the job produced, as its bytes with their content type")
            .AcceptsBytes(["application/octet-stream", "*/*"]);
        job.MapGet("/files/{fileId:guid}", DownloadFileAsync)
            .WithName("DownloadJobFile")
            .WithSummary("Download an uploaded file the claimed job's input names");
        job.MapPost("/succeed", async (Guid id, HttpRequest request, RemoteWork work, JobsOptions options, CancellationToken ct) =>
                await ReportAsync<SuccessReport>(request, ct, report => options.Reports.OutputProblem(report.Output),
                    (lease, report) => work.SucceedAsync(id, lease, report.Output, ct)))
            .WithName("SucceedJob")
            .WithSummary("End a claimed job as succeeded, with its output and the artifacts uploaded for it")
            .Accepts<SuccessReport>("application/json");
        job.MapPost("/fail", async (Guid id, HttpRequest request, RemoteWork work, JobsOptions options, CancellationToken ct) =>
                await ReportAsync<FailureReport>(request, ct, report => options.Reports.ErrorProblem(report.Error ?? ""),
                    (lease, report) => work.FailAsync(id, lease, report.Error ?? "", ct)))
            .WithName("FailJob")
            .WithSummary("End a claimed job's attempt as failed: retried by the job's rules, else final")
            .Accepts<FailureReport>("application/json");
        job.MapPost("/release", (Guid id, HttpRequest request, RemoteWork work, CancellationToken ct) =>
                HeldAsync(request, lease => work.ReleaseAsync(id, lease, ct)))
            .WithName("ReleaseJob")
            .WithSummary("Give a claimed job back: queued again, or cancelled if that was asked");
        return worker;
    }

    private static async Task<Results<Ok<IReadOnlyList<ClaimedJob>>, ProblemHttpResult, ValidationProblem>> ClaimAsync(
        HttpContext context, HttpRequest request, ClaimsPrincipal caller, RemoteWork work, JobTypeCatalog types, WorkerWaits waits,
        IOptions<WorkersOptions> workers, CancellationToken ct)
    {
        var (body, problem) = await JsonBody.ReadAsync<ClaimRequest>(request, ct);
        if (body is null)
            return problem!;
        var errors = new FieldErrors();
        if (errors.Required("worker", body.Worker))
            errors.MaxLength("worker", body.Worker, MaxWorkerNameLength);
        if (body.Types is null || body.Types.Count == 0)
            errors.Add("types", "must name at least one remote job type.");
        else
            for (var i = 0; i < body.Types.Count; i++)
                if (!types.IsRemote(body.Types[i]))
                    errors.Add($"types[{i}]", $"'{body.Types[i]}' is not a remote job type.");
        if (body.Max is { } max)
            errors.Range("max", max, 1, RemoteWork.MostJobsPerClaim);
        if (body.WaitSeconds is { } seconds)
            errors.Range("waitSeconds", seconds, 0, (int)RemoteWork.LongestWait.TotalSeconds);
        if (errors.Any)
            return ApiProblems.Invalid(errors);

        var (name, owner, shared) = (body.Worker.Trim(), caller.OwnerId(), caller.IsSharedWorker());
        if (!await work.RecordSeenAsync(name, owner, shared, body.Types!, ct))
            return ApiProblems.Invalid("worker", $"is a new worker name, and this key's owner has {workers.Value.MaxNamesPerOwner} already " +
                $"({WorkersOptions.Section}:{nameof(WorkersOptions.MaxNamesPerOwner)}): reuse one, or wait until one unseen for " +
                $"{workers.Value.ForgetAfter} is forgotten.");
        var wait = TimeSpan.FromSeconds(body.WaitSeconds ?? 20);
        using var held = wait > TimeSpan.Zero ? waits.TryHold(context) : null;
        if (wait > TimeSpan.Zero && held is null)
            return waits.Refusal;
        return TypedResults.Ok(await work.ClaimAsync(name, owner, shared, body.Types!, body.Max ?? 1, wait, ct));
    }

    private static async Task<Results<Ok<WorkerAnswer>, ProblemHttpResult>> HeartbeatAsync(
        Guid id, int? waitSeconds, HttpContext context, RemoteWork work, WorkerWaits waits, CancellationToken ct)
    {
        var wait = TimeSpan.FromSeconds(Math.Clamp(waitSeconds ?? 0, 0, 60));
        using var held = wait > TimeSpan.Zero ? waits.TryHold(context) : null;
        if (wait > TimeSpan.Zero && held is null)
            return waits.Refusal;
        return await HeldAsync(context.Request, lease => work.HeartbeatAsync(id, lease, wait, ct));
    }

    private static async Task<Results<Ok<JobArtifactUploaded>, ProblemHttpResult, ValidationProblem>> UploadAsync(
        Guid id, string name, HttpRequest request, RemoteWork work, JobsOptions options, CancellationToken ct)
    {
        if (Lease(request) is not { } lease)
            return MissingLease();
        if (!ArtifactStore.IsValidName(name))
            return ApiProblems.Invalid("name", "must be 1 to 100 of letters, digits, '.', '-' and '_', not starting with '.'.");
        if (request.ContentType is { } declared && !MediaType.IsValid(declared))
            return ApiProblems.Invalid("Content-Type", MediaType.Problem);
        RequestLimits.AllowBody(request, options.MaxArtifactBytes + RequestLimits.RefusalAllowance);
        var (answer, artifact, refusal) = await work.SaveArtifactAsync(id, lease, name, request.ContentType ?? "application/octet-stream",
            request.ContentLength, request.Body, ct);
        if (answer is null)
            return LeaseLost(id);
        return refusal is null ? TypedResults.Ok(new JobArtifactUploaded(artifact!, answer)) : ArtifactRefused(refusal);
    }

    private static ProblemHttpResult ArtifactRefused(ArtifactRefusal refusal) => refusal.Kind switch
    {
        ArtifactRefusalKind.TooLarge => ApiProblems.Create(StatusCodes.Status413PayloadTooLarge, "artifact_too_large", "The artifact is too large.", refusal.Message),
        ArtifactRefusalKind.AttemptFull => ApiProblems.Create(StatusCodes.Status413PayloadTooLarge, "artifact_limit_reached",
            "This attempt has stored all the artifacts it may.", refusal.Message),
        _ => ApiProblems.Create(StatusCodes.Status413PayloadTooLarge, "file_quota_reached", "The job's owner has no storage left.", refusal.Message),
    };

    private static async Task<Results<Ok<WorkerAnswer>, ProblemHttpResult, ValidationProblem>> LogAsync(
        Guid id, HttpRequest request, RemoteWork work, JobsOptions options, CancellationToken ct)
    {
        // The line's length is checked before its lease, how many the job keeps only under it.
        ReportProblem? oneTooMany = null;
        var answered = await ReportAsync<LogReport>(request, ct, report => options.Reports.LogProblem(report.Message ?? "", kept: 0), async (lease, report) =>
        {
            (var answer, oneTooMany) = await work.LogAsync(id, lease, report.Level, report.Message ?? "", ct);
            return answer;
        });
        return oneTooMany is null ? answered : Invalid(oneTooMany);
    }

    private static async Task<Results<FileStreamHttpResult, ProblemHttpResult>> DownloadFileAsync(
        Guid id, Guid fileId, HttpRequest request, HttpResponse response, RemoteWork work, CancellationToken ct)
    {
        if (Lease(request) is not { } lease)
            return MissingLease();
        var (answer, file) = await work.OpenFileAsync(id, lease, fileId, ct);
        if (answer is null)
            return LeaseLost(id);
        if (file is null)
            return ApiProblems.Create(StatusCodes.Status404NotFound, "not_found", "No such file.",
                $"Job {id}'s input names no file {fileId}, or it was deleted.");
        return FileDownload.Of(response, file.Content, file.ContentType, file.Name);
    }

    private static async Task<Results<Ok<WorkerAnswer>, ProblemHttpResult>> HeldAsync(HttpRequest request, Func<string, Task<WorkerAnswer?>> call)
    {
        var (answer, refused) = await CallAsync(request, call);
        return answer is null ? refused! : TypedResults.Ok(answer);
    }

    // The report is checked against its limits before its lease: a report past them changes nothing, whoever sends it.
    private static async Task<Results<Ok<WorkerAnswer>, ProblemHttpResult, ValidationProblem>> ReportAsync<T>(
        HttpRequest request, CancellationToken ct, Func<T, ReportProblem?> problemOf, Func<string, T, Task<WorkerAnswer?>> call) where T : class
    {
        var (body, problem) = await JsonBody.ReadAsync<T>(request, ct);
        if (body is null)
            return problem!;
        if (problemOf(body) is { } tooMuch)
            return Invalid(tooMuch);
        var (answer, refused) = await CallAsync(request, lease => call(lease, body));
        return answer is null ? refused! : TypedResults.Ok(answer);
    }

    private static async Task<(WorkerAnswer? Answer, ProblemHttpResult? Refused)> CallAsync(HttpRequest request, Func<string, Task<WorkerAnswer?>> call)
    {
        if (Lease(request) is not { } lease)
            return (null, MissingLease());
        return await call(lease) is { } answer ? (answer, null) : (null, LeaseLost(Guid.Parse((string)request.RouteValues["id"]!)));
    }

    private static ValidationProblem Invalid(ReportProblem problem) => ApiProblems.Invalid(problem.Field, problem.Message);

    private static string? Lease(HttpRequest request) =>
        request.Headers.TryGetValue(JobLeaseHeader.Name, out var values) && values.Count == 1 && !string.IsNullOrWhiteSpace(values[0]) ? values[0] : null;

    private static ProblemHttpResult MissingLease() => ApiProblems.Create(StatusCodes.Status400BadRequest, "lease_missing",
        $"The {JobLeaseHeader.Name} header is required.", "Send the lease the claim answered for this job.");

    // Another worker's job, one whose lease ran out, and an unknown job look alike: none is this worker's to touch.
    private static ProblemHttpResult LeaseLost(Guid id) => ApiProblems.Create(StatusCodes.Status409Conflict, "lease_lost",
        "This worker does not hold the job's lease.", $"Job {id} is not leased under this lease any more, if it ever was; claim again for more work.");
}

/// <summary>An artifact stored for a claimed job, and the job's state.</summary>
public sealed record JobArtifactUploaded(Platform.Contracts.Jobs.JobArtifact Artifact, WorkerAnswer Job);
