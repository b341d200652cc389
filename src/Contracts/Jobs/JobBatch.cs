namespace Platform.Contracts.Jobs;

/// <summary>Body of <c>POST /api/v1/jobs/batch</c>: jobs accepted all together or not at all.</summary>
public sealed record SubmitBatchRequest(IReadOnlyList<SubmitJobRequest> Jobs);

/// <summary>
/// Jobs submitted together, with their aggregate state: <see cref="Counts"/> by status (cancelling counts as running),
/// the average <see cref="Progress"/> of the jobs in percent, and <see cref="Finished"/> once every job has ended.
/// </summary>
public sealed record JobBatch(
    Guid Id,
    string OwnerId,
    DateTimeOffset SubmittedAt,
    IReadOnlyList<Guid> JobIds,
    int Total,
    JobStats Counts,
    double Progress,
    bool Finished,
    IReadOnlyList<JobBatchItem> Jobs);

/// <summary>One job of a batch; its full state is at <c>/api/v1/jobs/{id}</c>.</summary>
public sealed record JobBatchItem(Guid Id, string Type, JobStatus Status, double Progress, string? Error = null);
