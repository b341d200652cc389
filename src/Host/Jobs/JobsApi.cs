using System.Text.Json;
using Marten;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using Platform.Contracts;
using Platform.Contracts.Jobs;
using Platform.Host.Defaults;
using Platform.Hubs;
using Platform.Jobs;
using Platform.Jobs.Artifacts;
using Platform.Storage.Jobs;

namespace Platform.Host.Jobs;

public static class JobsApi
{
    private const int MaxPageSize = 100;

    public static RouteGroupBuilder MapJobsApi(this IEndpointRouteBuilder app)
    {
        var jobs = app.MapGroup("/api/v1/jobs")
            .WithTags("Jobs")
            .RequireRateLimiting(RateLimitPolicies.Api)
            .ProducesProblem(StatusCodes.Status429TooManyRequests)
            .ProducesProblem(StatusCodes.Status500InternalServerError);

        jobs.MapPost("/", SubmitAsync)
            .WithName("SubmitJob")
            .WithSummary("Submit a generation or training job")
            .Accepts<SubmitJobRequest>("application/json")
            .ProducesValidationProblem();
        jobs.MapGet("/", ListAsync)
            .WithName("ListJobs")
            .WithSummary("List my jobs, newest first");
        jobs.MapGet("/stats", StatsAsync)
            .WithName("GetJobStats")
            .WithSummary("Count my jobs by status");
        jobs.MapGet("/{id:guid}", GetAsync)
            .WithName("GetJob")
            .WithSummary("Get a job's current state");
        jobs.MapGet("/{id:guid}/events", EventsAsync)
            .WithName("GetJobEvents")
            .WithSummary("Get a job's stored events after a version");
        jobs.MapPost("/{id:guid}/cancel", CancelAsync)
            .WithName("CancelJob")
            .WithSummary("Cancel a queued or running job");
        jobs.MapGet("/{id:guid}/artifacts/{name}", DownloadArtifactAsync)
            .WithName("DownloadArtifact")
            .WithSummary("Download a file a job produced");
        return jobs;
    }

    private static async Task<Results<Accepted<Job>, ValidationProblem>> SubmitAsync(HttpRequest request, JobCommands commands, CancellationToken ct)
    {
        SubmitJobRequest? body;
        try
        {
            body = await request.ReadFromJsonAsync<SubmitJobRequest>(PlatformJson.Options, ct);
        }
        catch (JsonException e)
        {
            return Invalid(FieldOf(e.Path), "is not valid JSON or has the wrong type.");
        }
        catch (InvalidOperationException)
        {
            return Invalid("body", "must be JSON (Content-Type: application/json).");
        }
        if (body is null)
            return Invalid("body", "is required.");

        var result = await commands.SubmitAsync(body.Type, body.Input, body.Priority, CallerId, ct);
        if (result.Job is not { } job)
            return TypedResults.ValidationProblem(result.Errors, title: "The job was not accepted.");
        return TypedResults.Accepted($"/api/v1/jobs/{job.Id}", job);
    }

    private static async Task<Results<Ok<Page<Job>>, ValidationProblem>> ListAsync(
        IQuerySession session, string? status, string? type, int? page, int? pageSize, CancellationToken ct)
    {
        JobStatus? statusFilter = null;
        if (status is not null)
        {
            if (!Enum.TryParse<JobStatus>(status, ignoreCase: true, out var parsed) || int.TryParse(status, out _))
                return Invalid("status", $"must be one of {string.Join(", ", Enum.GetNames<JobStatus>().Select(JsonNamingPolicy.CamelCase.ConvertName))}.");
            statusFilter = parsed;
        }
        if (page is < 1)
            return Invalid("page", "must be 1 or more.");
        if (pageSize is < 1 or > MaxPageSize)
            return Invalid("pageSize", $"must be between 1 and {MaxPageSize}.");

        var filter = new JobFilter(CallerId, statusFilter, type, page ?? 1, pageSize ?? 20);
        return TypedResults.Ok(await session.ListAsync(filter, ct));
    }

    private static async Task<Ok<JobStats>> StatsAsync(IQuerySession session, CancellationToken ct) =>
        TypedResults.Ok(await session.StatsAsync(CallerId, ct));

    private static async Task<Results<Ok<Job>, ProblemHttpResult>> GetAsync(Guid id, JobStore store, CancellationToken ct)
    {
        var job = await store.GetOwnedAsync(id, CallerId, ct);
        return job is null ? NotFound(id) : TypedResults.Ok(job.ToContract());
    }

    private static async Task<Results<Ok<IReadOnlyList<JobEvent>>, ProblemHttpResult>> EventsAsync(
        Guid id, long? afterVersion, JobStore store, CancellationToken ct)
    {
        if (await store.GetOwnedAsync(id, CallerId, ct) is null)
            return NotFound(id);
        return TypedResults.Ok(await store.ReadEventsAsync(id, Math.Max(afterVersion ?? 0, 0), ct));
    }

    private static async Task<Results<Accepted<Job>, ProblemHttpResult>> CancelAsync(Guid id, JobCommands commands, CancellationToken ct)
    {
        var result = await commands.CancelAsync(id, CallerId, ct);
        return result.Outcome switch
        {
            CancelOutcome.Accepted => TypedResults.Accepted($"/api/v1/jobs/{id}", result.Job!),
            CancelOutcome.AlreadyFinished => TypedResults.Problem(
                statusCode: StatusCodes.Status409Conflict,
                title: "The job has already finished.",
                detail: $"Job {id} is {result.Job!.Status.ToString().ToLowerInvariant()} and can no longer be cancelled."),
            _ => NotFound(id),
        };
    }

    private static async Task<Results<FileStreamHttpResult, ProblemHttpResult>> DownloadArtifactAsync(
        Guid id, string name, JobStore store, ArtifactStore artifacts, CancellationToken ct)
    {
        var job = await store.GetOwnedAsync(id, CallerId, ct);
        if (job is null)
            return NotFound(id);
        var artifact = job.Artifacts.FirstOrDefault(a => a.Name == name);
        var content = artifact is null ? null : artifacts.Open(id, name);
        if (artifact is null || content is null)
            return TypedResults.Problem(statusCode: StatusCodes.Status404NotFound, title: "No such artifact.",
                detail: $"Job {id} has no artifact named '{name}'.");
        return TypedResults.File(content, artifact.ContentType, artifact.Name);
    }

    // Until accounts exist every caller is the development user.
    private static string CallerId => DevelopmentIdentity.OwnerId;

    private static ProblemHttpResult NotFound(Guid id) =>
        TypedResults.Problem(statusCode: StatusCodes.Status404NotFound, title: "Job not found.", detail: $"There is no job {id}.");

    private static ValidationProblem Invalid(string field, string message) =>
        TypedResults.ValidationProblem(new Dictionary<string, string[]> { [field] = [message] }, title: "The request is not valid.");

    private static string FieldOf(string? jsonPath) =>
        string.IsNullOrEmpty(jsonPath) || jsonPath == "$" ? "body" : jsonPath.TrimStart('$', '.');
}
