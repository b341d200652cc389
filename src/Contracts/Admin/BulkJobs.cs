using Platform.Contracts.Jobs;

namespace Platform.Contracts.Admin;

/// <summary>Body of <c>POST /api/v1/admin/jobs/bulk</c>: <see cref="BulkJobActions.Retry"/> or <see cref="BulkJobActions.Cancel"/> these jobs, whoever owns them.</summary>
public sealed record BulkJobsRequest(string Action, IReadOnlyList<Guid> JobIds);

public static class BulkJobActions
{
    public const string Retry = "retry";
    public const string Cancel = "cancel";

    public static bool IsKnown(string action) => action is Retry or Cancel;
}

/// <summary>What became of each job asked about, in the order asked.</summary>
public sealed record BulkJobsResult(IReadOnlyList<BulkJobResult> Jobs);

/// <param name="Job">The job as it is now; left out when there is no such job.</param>
public sealed record BulkJobResult(Guid JobId, BulkJobOutcome Outcome, Job? Job);

public enum BulkJobOutcome
{
    /// <summary>Back in the queue with a fresh set of attempts.</summary>
    Retried,

    /// <summary>It was queued and has ended cancelled.</summary>
    Cancelled,

    /// <summary>It is running; the host running it was asked to stop it.</summary>
    Cancelling,

    /// <summary>Only a failed or cancelled job is retried; this one is not.</summary>
    NotRetryable,

    /// <summary>Its owner holds as many jobs queued or running as their plan allows, so it was not retried.</summary>
    QuotaReached,

    /// <summary>It had already ended, so there was nothing to cancel.</summary>
    AlreadyFinished,

    NotFound,
}
