using Platform.Contracts.Jobs;

namespace Platform.Jobs.Model;

public static class JobEventMapping
{
    /// <summary>
    /// The events that change what <see cref="ToContract"/> reads from the state before an event (status, attempt):
    /// every event but progress ticks and log lines.
    /// </summary>
    public static readonly Type[] StateChanges =
    [
        typeof(JobSubmitted), typeof(JobStarted), typeof(JobCancelRequested), typeof(JobRequeued), typeof(JobSucceeded),
        typeof(JobRetryScheduled), typeof(JobFailed), typeof(JobCancelled), typeof(JobRetried),
    ];

    /// <summary>The wire form of a stored event; <paramref name="after"/> is the job's state once the event applied.</summary>
    public static JobEvent ToContract(object @event, Guid jobId, long version, JobView after) => @event switch
    {
        JobSubmitted e => new(jobId, version, JobEventKind.Submitted, after.Status, e.At, Type: e.Type, Message: after.Message, RunAt: e.RunAt),
        JobStarted e => new(jobId, version, JobEventKind.Started, after.Status, e.At, Attempt: e.Attempt, Message: after.Message),
        JobProgressed e => Progressed(jobId, version, after.Status, e),
        JobLogged e => new(jobId, version, JobEventKind.Logged, after.Status, e.At, Level: e.Level, Message: e.Message, Attempt: after.Attempt),
        JobCancelRequested e => new(jobId, version, JobEventKind.CancelRequested, after.Status, e.At, Attempt: after.Attempt),
        JobRequeued e => new(jobId, version, JobEventKind.Requeued, after.Status, e.At, Message: e.Reason, Attempt: after.Attempt),
        JobSucceeded e => new(jobId, version, JobEventKind.Succeeded, after.Status, e.At, Progress: 100, Output: e.Output, Artifacts: e.Artifacts, Attempt: after.Attempt),
        JobFailed e => new(jobId, version, JobEventKind.Failed, after.Status, e.At, Error: e.Error, Attempt: after.Attempt),
        JobCancelled e => new(jobId, version, JobEventKind.Cancelled, after.Status, e.At, Message: e.Reason, Attempt: after.Attempt),
        JobRetryScheduled e => new(jobId, version, JobEventKind.RetryScheduled, after.Status, e.At, Message: after.Message, Error: e.Error, Attempt: e.Attempt, RunAt: e.RunAt),
        JobRetried e => new(jobId, version, JobEventKind.Retried, after.Status, e.At, Message: after.Message, Attempt: after.Attempt),
        JobArtifactsExpired e => new(jobId, version, JobEventKind.ArtifactsExpired, after.Status, e.At, Message: "artifacts removed after their retention",
            Attempt: after.Attempt),
        JobLeftProject e => new(jobId, version, JobEventKind.LeftProject, after.Status, e.At, Message: "its project was deleted", Attempt: after.Attempt),
        _ => throw new ArgumentException($"{@event.GetType().Name} is not a job event.", nameof(@event)),
    };

    /// <summary>A progress tick; <paramref name="version"/> is its own when stored, else the last stored one.</summary>
    public static JobEvent Progressed(Guid jobId, long version, JobStatus status, JobProgressed e, bool transient = false) =>
        new(jobId, version, JobEventKind.Progressed, status, e.At, transient, e.Percent, e.Message, e.Metrics);
}
