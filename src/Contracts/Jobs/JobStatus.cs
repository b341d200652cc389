namespace Platform.Contracts.Jobs;

/// <summary>Where a job is in its life: Queued → Running → Succeeded | Failed | Cancelled.</summary>
public enum JobStatus
{
    Queued,
    Running,
    Cancelling,
    Succeeded,
    Failed,
    Cancelled,
}

public static class JobStatusExtensions
{
    public static bool IsFinished(this JobStatus status) =>
        status is JobStatus.Succeeded or JobStatus.Failed or JobStatus.Cancelled;
}
