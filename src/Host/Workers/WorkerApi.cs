using Platform.Contracts;
using Platform.Contracts.Files;
using Platform.Contracts.Workers;
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
        var worker = app.MapApiGroup("/api/v1/worker", "Workers", Scopes.Worker);
        worker.MapPost("/claim", ClaimAsync)
            .Describe("ClaimJobs", "Claim ready jobs of remote types, waiting for one when none is ready")
            .Accepts<ClaimRequest>("application/json");
        var job = worker.MapGroup("/jobs/{id:guid}");
        job.MapPost("/heartbeat", HeartbeatAsync)
            .Describe("RenewJobLease", "Renew the lease on a claimed job and learn whether it was asked to stop; with waitSeconds, as soon as it is");
        job.MapPost("/progress", async (Guid id, HttpRequest request, RemoteWork work, JobsOptions options, CancellationToken ct) =>
                await ReportAsync<ProgressReport>(request, ct, report => options.Reports.ProgressProblem(report.Message, report.Metrics),
                    (lease, report) => work.ProgressAsync(id, lease, report.Percent, report.Message, report.Metrics, ct)))
            .Describe("ReportJobProgress", "Report how far a claimed job got, with metrics; watchers see it at once")
            .Accepts<ProgressReport>("application/json");
        job.MapPost("/log", LogAsync)
            .Describe("WriteJobLog", "Add a line to a claimed job's log")
            .Accepts<LogReport>("application/json");
        job.MapPut("/artifacts/{name}", UploadAsync)
            .Describe("UploadJobArtifact", "Upload a file the job produced, as its bytes with their content type")
            .AcceptsBytes(["application/octet-stream", "*/*"]);
        job.MapGet("/files/{fileId:guid}", DownloadFileAsync)
            .Describe("DownloadJobFile", "Download an uploaded file the claimed job's input names");
        job.MapPost("/succeed", async (Guid id, HttpRequest request, RemoteWork work, JobsOptions options, CancellationToken ct) =>
                await ReportAsync<SuccessReport>(request, ct, report => options.Reports.OutputProblem(report.Output),
                    (lease, report) => work.SucceedAsync(id, lease, report.Output, ct)))
            .Describe("SucceedJob", "End a claimed job as succeeded, with its output and the artifacts uploaded for it")
            .Accepts<SuccessReport>("application/json");
        job.MapPost("/fail", async (Guid id, HttpRequest request, RemoteWork work, JobsOptions options, CancellationToken ct) =>
                await ReportAsync<FailureReport>(request, ct, report => options.Reports.ErrorProblem(report.Error ?? ""),
                    (lease, report) => work.FailAsync(id, lease, report.Error ?? "", ct)))
            .Describe("FailJob", "End a claimed job's attempt as failed: retried by the job's rules, else final")
            .Accepts<FailureReport>("application/json");
        job.MapPost("/release", (Guid id, HttpRequest request, RemoteWork work, CancellationToken ct) =>
                HeldAsync(request, lease => work.ReleaseAsync(id, lease, ct)))
            .Describe("ReleaseJob", "Give a claimed job back: queued again, or cancelled if that was asked");
        return worker;
    }

    private static async Task<Results<Ok<IReadOnlyList<ClaimedJob>>, ProblemHttpResult, ValidationProblem>> ClaimAsync(
        HttpContext context, HttpRequest request, ClaimsPrincipal caller, RemoteWork work, JobTypeCatalog types, WorkerWaits waits, CancellationToken ct)
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
        if (await work.RecordSeenAsync(name, owner, shared, body.Types!, ct) is { } refused)
            return Refused<IReadOnlyList<ClaimedJob>>(refused).Ok();
        var wait = TimeSpan.FromSeconds(body.WaitSeconds ?? 20);
        using var held = wait > TimeSpan.Zero ? waits.TryHold(context) : null;
        if (wait > TimeSpan.Zero && held is null)
            return waits.Refusal;
        return TypedResults.Ok(await work.ClaimAsync(name, owner, shared, body.Types!, body.Max ?? 1, wait, ct));
    }

    private static async Task<Results<Ok<WorkerAnswer>, ProblemHttpResult, ValidationProblem>> HeartbeatAsync(
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
        return (await work.SaveArtifactAsync(id, lease, name, request.ContentType ?? "application/octet-stream", request.ContentLength, request.Body, ct)).Ok();
    }

    private static async Task<Results<Ok<WorkerAnswer>, ProblemHttpResult, ValidationProblem>> LogAsync(
        Guid id, HttpRequest request, RemoteWork work, JobsOptions options, CancellationToken ct)
    {
        // The line's length is checked before its lease, how many the job keeps only under it.
        return await ReportAsync<LogReport>(request, ct, report => options.Reports.LogProblem(report.Message ?? "", kept: 0),
            (lease, report) => work.LogAsync(id, lease, report.Level, report.Message ?? "", ct));
    }

    private static async Task<Results<FileStreamHttpResult, ProblemHttpResult>> DownloadFileAsync(
        Guid id, Guid fileId, HttpRequest request, HttpResponse response, RemoteWork work, CancellationToken ct)
    {
        if (Lease(request) is not { } lease)
            return MissingLease();
        var opened = await work.OpenFileAsync(id, lease, fileId, ct);
        if (opened.Refusal is { } refusal)
            return Answers.Problem(refusal);
        return FileDownload.Of(response, opened.Value.Content, opened.Value.ContentType, opened.Value.Name);
    }

    private static async Task<Results<Ok<WorkerAnswer>, ProblemHttpResult, ValidationProblem>> HeldAsync(HttpRequest request,
        Func<string, Task<Outcome<WorkerAnswer>>> call)
    {
        if (Lease(request) is not { } lease)
            return MissingLease();
        return (await call(lease)).Ok();
    }

    // The report is checked against its limits before its lease: a report past them changes nothing, whoever sends it.
    private static async Task<Results<Ok<WorkerAnswer>, ProblemHttpResult, ValidationProblem>> ReportAsync<T>(
        HttpRequest request, CancellationToken ct, Func<T, ReportProblem?> problemOf, Func<string, T, Task<Outcome<WorkerAnswer>>> call) where T : class
    {
        var (body, problem) = await JsonBody.ReadAsync<T>(request, ct);
        if (body is null)
            return problem!;
        if (problemOf(body) is { } tooMuch)
            return Refused<WorkerAnswer>(tooMuch.ToRefusal()).Ok();
        return await HeldAsync(request, lease => call(lease, body));
    }

    private static Outcome<T> Refused<T>(Refusal refusal) => refusal;

    private static string? Lease(HttpRequest request) =>
        request.Headers.TryGetValue(JobLeaseHeader.Name, out var values) && values.Count == 1 && !string.IsNullOrWhiteSpace(values[0]) ? values[0] : null;

    private static ProblemHttpResult MissingLease() => ApiProblems.Create(StatusCodes.Status400BadRequest, "lease_missing",
        $"The {JobLeaseHeader.Name} header is required.", "Send the lease the claim answered for this job.");
}
