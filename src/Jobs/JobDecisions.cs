using System.Text.Json;
using Platform.Contracts.Jobs;
using Platform.Jobs.Model;

namespace Platform.Jobs;

/// <summary>
/// What happens to a job, decided from its latest state and the time alone: each returns the events to store, none
/// when nothing changes. <see cref="JobWriter"/> applies them; these never read or write anything themselves.
/// </summary>
public static class JobDecisions
{
    /// <summary>A queued job ends at once; a running one is asked to stop; a job that is stopping or over stays as it is.</summary>
    public static IReadOnlyList<object> Cancel(JobView job, DateTimeOffset now) => job.Status switch
    {
        JobStatus.Queued => [new JobCancelled("cancelled before it started", now)],
        JobStatus.Running => [new JobCancelRequested(now)],
        _ => [],
    };

    /// <summary>A finished job's artifacts are gone: its list of them empties, once.</summary>
    public static IReadOnlyList<object> ExpireArtifacts(JobView job, DateTimeOffset now) =>
        job.Status.IsFinished() && job.Artifacts.Count > 0 ? [new JobArtifactsExpired(now)] : [];

    /// <summary>The finished job's project was deleted: it leaves it, once.</summary>
    public static IReadOnlyList<object> LeaveProject(JobView job, Guid projectId, DateTimeOffset now) =>
        job.Status.IsFinished() && job.ProjectId == projectId ? [new JobLeftProject(projectId, now)] : [];

    /// <summary>A failed or cancelled job goes back to the queue with a fresh set of attempts.</summary>
    public static IReadOnlyList<object> Retry(JobView job, DateTimeOffset now) =>
        job.Status is JobStatus.Failed or JobStatus.Cancelled ? [new JobRetried(now)] : [];

    /// <summary>
    /// A job claimed by <paramref name="host"/> starts its next attempt; one that is still running lost its host (the
    /// lease ran out) and is recovered in the same attempt; one asked to stop before it started ends cancelled.
    /// </summary>
    public static IReadOnlyList<object> Start(JobView job, string host, DateTimeOffset now) => job.Status switch
    {
        JobStatus.Queued when job.Interrupted => [new JobStarted(Math.Max(job.Attempt, 1), host, true, now)],
        JobStatus.Queued => [new JobStarted(job.Attempt + 1, host, false, now)],
        JobStatus.Running => [new JobStarted(job.Attempt, host, true, now)],
        JobStatus.Cancelling => [new JobCancelled("cancelled before it started", now, RunLost: true)],
        _ => [],
    };

    /// <summary>The handler reports how far it got, 0 to 100 (a value outside is held to the nearest bound).</summary>
    public static JobProgressed Progress(double percent, string? message, IReadOnlyDictionary<string, double>? metrics, DateTimeOffset now) =>
        new(Math.Clamp(double.IsNaN(percent) ? 0 : percent, 0, 100), message, metrics?.ToDictionary(), now);

    /// <summary>The handler writes a line to the job's log.</summary>
    public static JobLogged Log(JobLogLevel level, string message, DateTimeOffset now) => new(level, message, now);

    /// <summary>The handler returned: the job succeeded with its output and artifacts.</summary>
    public static IReadOnlyList<object> Succeed(JsonElement? output, IReadOnlyList<JobArtifact> artifacts, DateTimeOffset now) =>
        [new JobSucceeded(output, [.. artifacts], now)];

    /// <summary>
    /// The attempt failed: a job asked to stop ends cancelled; one with attempts to spare goes back to the queue after
    /// <paramref name="backoff"/> (of the retry's number); the last attempt's failure is final.
    /// </summary>
    public static IReadOnlyList<object> Fail(JobView job, string error, Func<int, TimeSpan> backoff, DateTimeOffset now)
    {
        if (job.Status == JobStatus.Cancelling)
            return [CancelledByRequest(now)];
        return job.HasAttemptsLeft
            ? [new JobRetryScheduled(job.Attempt, error, now + backoff(job.Attempt - job.AttemptsBeforeRetry), now)]
            : [new JobFailed(error, now)];
    }

    /// <summary>The run has gone on longer than its timeout: it fails as timed out, by the same rules as any failure.</summary>
    public static IReadOnlyList<object> TimeOut(JobView job, Func<int, TimeSpan> backoff, DateTimeOffset now) =>
        Fail(job, TimedOut(job.Timeout), backoff, now);

    /// <summary>Whether a running job's current run has outlasted its timeout.</summary>
    public static bool HasTimedOut(JobView job, DateTimeOffset now) =>
        job.Status == JobStatus.Running && job.Timeout is { } limit && job.StartedAt is { } started && now - started > limit;

    public static string TimedOut(TimeSpan? limit) => $"timed out after {limit}";

    /// <summary>The attempt was stopped: by request (or its own token), or because its host is shutting down, which requeues it.</summary>
    public static IReadOnlyList<object> Stop(JobView job, bool hostShuttingDown, DateTimeOffset now) =>
        job.Status == JobStatus.Cancelling || !hostShuttingDown
            ? [CancelledByRequest(now)]
            : [new JobRequeued("requeued: its host shut down", now)];

    /// <summary>No handler on this host knows the job's type.</summary>
    public static IReadOnlyList<object> NoHandler(JobView job, DateTimeOffset now) =>
        [new JobFailed($"This host has no handler for job type '{job.Type}'.", now)];

    private static JobCancelled CancelledByRequest(DateTimeOffset now) => new("cancelled by request", now);
}
