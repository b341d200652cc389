using Marten;
using Microsoft.AspNetCore.Mvc;
using Platform.Contracts.Jobs;
using Platform.Host.Files;
using Platform.Host.Links;
using Platform.Host.Webhooks;
using Platform.Jobs;
using Platform.Jobs.Artifacts;
using Platform.Jobs.Live;
using Platform.Jobs.Model;

namespace Platform.Host.Jobs;

public static class JobsApi
{
    public static RouteGroupBuilder MapJobsApi(this IEndpointRouteBuilder app)
    {
        var jobs = app.MapApiGroup("/api/v1/jobs", "Jobs");

        jobs.MapPost("/", SubmitAsync)
            .Describe("SubmitJob", "Submit a generation or training job")
            .AsSubmitOf<SubmitJobRequest>();
        jobs.MapBatchesApi();
        jobs.MapGet("/", ListAsync)
            .Describe("ListJobs", "List my jobs, newest first; ?project= lists one project's")
            .RequireAuthorization(Scopes.JobsRead);
        jobs.MapGet("/stats", StatsAsync)
            .Describe("GetJobStats", "Count my jobs by status")
            .RequireAuthorization(Scopes.JobsRead);
        jobs.MapGet("/{id:guid}", GetAsync)
            .Describe("GetJob", "Get a job's current state")
            .WithDescription(JobStreams.LongPollDescription)
            .RequireAuthorization(Scopes.JobsRead);
        jobs.MapGet("/{id:guid}/events", EventsAsync)
            .Describe("GetJobEvents", "Get a page of a job's stored events after a version; nextAfter asks for the next page")
            .RequireAuthorization(Scopes.JobsRead);
        jobs.MapPost("/{id:guid}/cancel", CancelAsync)
            .Describe("CancelJob", "Cancel a queued or running job")
            .RequireAuthorization(Scopes.JobsWrite);
        jobs.MapJobLogs();
        jobs.MapJobMetrics();
        jobs.MapJobWebhooks();
        jobs.MapPost("/{id:guid}/retry", RetryAsync)
            .Describe("RetryJob", "Run a failed or cancelled job again, within the owner's queue quota; its history and attempt numbers carry on")
            .ProducesProblem(StatusCodes.Status429TooManyRequests)
            .RequireAuthorization(Scopes.JobsWrite);
        jobs.MapGet("/{id:guid}/artifacts/{name}", DownloadArtifactAsync)
            .Describe("DownloadArtifact", "Download a file a job produced")
            .RequireAuthorization(Scopes.JobsRead);
        jobs.MapArtifactLinks();
        return jobs;
    }

    private static Task<Results<Accepted<Job>, ProblemHttpResult, ValidationProblem>> SubmitAsync(
        HttpRequest request, ClaimsPrincipal caller, JobCommands commands, CancellationToken ct) =>
        Submits.HandleAsync<SubmitJobRequest, Job>(request, (body, key) => commands.SubmitAsync(body, caller.OwnerId(), caller.PlanOf(), caller.SubmitterOf(), key, ct),
            job => $"/api/v1/jobs/{job.Id}", ct);

    private static async Task<Results<Ok<Page<Job>>, ValidationProblem>> ListAsync(
        IQuerySession session, ClaimsPrincipal caller, string? status, string? type, int? page, int? pageSize, Guid? project, CancellationToken ct)
    {
        var (filter, problem) = JobListQuery.Parse(caller.OwnerId(), status, type, page, pageSize);
        return filter is null ? problem! : TypedResults.Ok(await session.ListAsync(filter with { ProjectId = project }, ct));
    }

    private static async Task<Ok<JobStats>> StatsAsync(IQuerySession session, ClaimsPrincipal caller, CancellationToken ct) =>
        TypedResults.Ok(await session.StatsAsync(caller.OwnerId(), ct));

    private static async Task<Results<Ok<Job>, ProblemHttpResult, ValidationProblem>> GetAsync(
        Guid id, string? waitForChange, long? afterVersion, HttpContext context, JobStore store, LiveJobFeed feed, StreamSlots slots, OpenAccess open,
        CancellationToken ct)
    {
        var (wait, problem) = JobStreams.ParseWait(waitForChange);
        if (problem is not null)
            return problem;
        var owner = context.User.OwnerId();
        var job = await store.GetOwnedAsync(id, owner, ct);
        if (job is null)
            return NotFound(id);
        var after = afterVersion ?? job.Version;
        if (wait is { } duration && !JobStreams.ChangedOrFinished(job, after, duration))
        {
            using var slot = slots.TryTake(owner);
            if (slot is null)
                return slots.Refusal;
            using var held = open.Hold(context);
            job = await JobStreams.WaitForChangeAsync(job, after, duration, store, feed, ct);
        }
        return TypedResults.Ok(job.ToContract());
    }

    private static async Task<Results<Ok<JobEventPage>, JobEventStream, ProblemHttpResult, ValidationProblem>> EventsAsync(
        Guid id, long? afterVersion, int? limit, HttpRequest request, ClaimsPrincipal caller, JobStore store, CancellationToken ct)
    {
        if (limit is < 1 or > JobStore.EventPageSize)
            return ApiProblems.Invalid("limit", $"must be between 1 and {JobStore.EventPageSize}.");
        var job = await store.GetOwnedAsync(id, caller.OwnerId(), ct);
        if (job is null)
            return NotFound(id);
        if (JobStreams.WantsEventStream(request))
        {
            var (stream, problem) = JobStreams.OpenEventStream(job, afterVersion, request);
            return stream is null ? problem! : stream;
        }
        var events = await store.ReadEventsAsync(id, Math.Max(afterVersion ?? 0, 0), limit ?? JobStore.EventPageSize, ct);
        var last = events.Count > 0 ? events[^1].Version : (long?)null;
        return TypedResults.Ok(new JobEventPage(events, last < job.Version ? last : null));
    }

    private static async Task<Results<Accepted<Job>, ProblemHttpResult, ValidationProblem>> CancelAsync(Guid id, ClaimsPrincipal caller,
        JobCommands commands, CancellationToken ct) =>
        (await commands.CancelAsync(id, caller.OwnerId(), ct)).Answer(job => TypedResults.Accepted($"/api/v1/jobs/{id}", job));

    private static async Task<Results<Accepted<Job>, ProblemHttpResult, ValidationProblem>> RetryAsync(Guid id, ClaimsPrincipal caller,
        JobCommands commands, CancellationToken ct) =>
        (await commands.RetryAsync(id, caller.OwnerId(), caller.PlanOf(), ct)).Answer(job => TypedResults.Accepted($"/api/v1/jobs/{id}", job));

    private static async Task<Results<FileStreamHttpResult, ProblemHttpResult>> DownloadArtifactAsync(
        Guid id, string name, HttpResponse response, ClaimsPrincipal caller, JobStore store, ArtifactStore artifacts, CancellationToken ct)
    {
        var job = await store.GetOwnedAsync(id, caller.OwnerId(), ct);
        if (job is null)
            return NotFound(id);
        if (await artifacts.OpenListedAsync(job, name, ct) is not (var artifact, var content))
            return ArtifactNotFound(id, name);
        return FileDownload.Of(response, content.Content, artifact.ContentType, artifact.Name);
    }

    internal static ProblemHttpResult ArtifactNotFound(Guid id, string name) => Answers.Problem(JobRefusals.ArtifactNotFound(id, name));

    internal static ProblemHttpResult NotFound(Guid id) => Answers.Problem(JobRefusals.NotFound(id));
}
