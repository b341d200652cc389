using Platform.Contracts.Jobs;
using Platform.Storage.Outcomes;

namespace Platform.Jobs;

/// <summary>Why the job engine refuses a command, worded as every caller sees it; the codes are what callers branch on.</summary>
public static class JobRefusals
{
    // Another owner's job is "not found" too: a 403 would confirm that the id exists.
    public static Refusal NotFound(Guid jobId) => new(RefusalKind.NotFound, "not_found", "Job not found.", $"There is no job {jobId}.");

    // Another owner's batch is "not found" too, as their jobs are.
    public static Refusal BatchNotFound(Guid batchId) => new(RefusalKind.NotFound, "not_found", "Batch not found.", $"There is no batch {batchId}.");

    public static Refusal ArtifactNotFound(Guid jobId, string name) =>
        new(RefusalKind.NotFound, "not_found", "No such artifact.", $"Job {jobId} has no artifact named '{name}'.");

    public static Refusal Finished(Job job) =>
        Refusal.Conflict(FinishedCode, "The job has already finished.", $"Job {job.Id} is {Spelled(job.Status)} and can no longer be cancelled.");

    public static Refusal NotRetryable(Job job) =>
        Refusal.Conflict(NotRetryableCode, "Only a failed or cancelled job can be retried.", $"Job {job.Id} is {Spelled(job.Status)}.");

    public static Refusal QuotaReached(string detail) => Refusal.TooMany(QuotaReachedCode, "Too many jobs queued.", detail);

    public static Refusal KeyReused { get; } = Refusal.Conflict("idempotency_key_reused",
        "The Idempotency-Key was already used for a different request.",
        "Send the same request to get its result again, or use a new key for a new request.");

    public static Refusal JobNotAccepted(IReadOnlyDictionary<string, string[]> errors) => Refusal.Invalid(errors, "The job was not accepted.");

    public static Refusal BatchNotAccepted(IReadOnlyDictionary<string, string[]> errors) =>
        Refusal.Invalid(errors, "The batch was not accepted; none of its jobs was stored.");

    // The codes an admin's bulk action tells its outcomes apart by.
    public const string FinishedCode = "job_finished";
    public const string NotRetryableCode = "job_not_retryable";
    public const string QuotaReachedCode = "queue_quota_reached";

    private static string Spelled(JobStatus status) => status.ToString().ToLowerInvariant();
}
