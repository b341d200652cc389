using Platform.Contracts.Jobs;
using Platform.Jobs;
using Platform.Jobs.Model;

namespace Platform.Host.Jobs;

/// <summary>Many jobs submitted in one request, stored all together or not at all, and followed as one.</summary>
public static class BatchesApi
{
    /// <summary>Maps the batch endpoints onto the jobs group, which brings its tag and rate limit.</summary>
    public static RouteGroupBuilder MapBatchesApi(this RouteGroupBuilder jobs)
    {
        jobs.MapPost("/batch", SubmitBatchAsync)
            .Describe("SubmitJobBatch", "Submit many jobs at once: all are accepted or none is")
            .AsSubmitOf<SubmitBatchRequest>();
        jobs.MapGet("/batches/{id:guid}", GetBatchAsync)
            .Describe("GetJobBatch", "Get a batch's progress and the state of each of its jobs")
            .RequireAuthorization(Scopes.JobsRead);
        return jobs;
    }

    private static Task<Results<Accepted<JobBatch>, ProblemHttpResult, ValidationProblem>> SubmitBatchAsync(
        HttpRequest request, ClaimsPrincipal caller, JobCommands commands, CancellationToken ct) =>
        Submits.HandleAsync<SubmitBatchRequest, JobBatch>(request, (body, key) => commands.SubmitBatchAsync(body.Jobs, caller.OwnerId(), caller.PlanOf(), caller.SubmitterOf(), key, ct),
            batch => $"/api/v1/jobs/batches/{batch.Id}", ct);

    private static async Task<Results<Ok<JobBatch>, ProblemHttpResult>> GetBatchAsync(Guid id, ClaimsPrincipal caller, JobStore store, CancellationToken ct) =>
        await store.GetBatchOwnedAsync(id, caller.OwnerId(), ct) is { } batch ? TypedResults.Ok(batch) : Answers.Problem(JobRefusals.BatchNotFound(id));
}
