using Platform.Storage.Outcomes;

namespace Platform.Jobs.Remote;

/// <summary>Why a worker's call is refused, worded as every worker sees it.</summary>
public static class WorkerRefusals
{
    // Another worker's job, one whose lease ran out, and an unknown job look alike: none is this worker's to touch.
    public static Refusal LeaseLost(Guid jobId) => Refusal.Conflict("lease_lost", "This worker does not hold the job's lease.",
        $"Job {jobId} is not leased under this lease any more, if it ever was; claim again for more work.");

    public static Refusal FileNotFound(Guid jobId, Guid fileId) =>
        new(RefusalKind.NotFound, "not_found", "No such file.", $"Job {jobId}'s input names no file {fileId}, or it was deleted.");

    public static Refusal TooManyNames(WorkersOptions workers) => Refusal.Invalid("worker",
        $"is a new worker name, and this key's owner has {workers.MaxNamesPerOwner} already " +
        $"({WorkersOptions.Section}:{nameof(WorkersOptions.MaxNamesPerOwner)}): reuse one, or wait until one unseen for " +
        $"{workers.ForgetAfter} is forgotten.");
}
