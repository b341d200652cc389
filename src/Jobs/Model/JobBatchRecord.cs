using Platform.Contracts.Jobs;

namespace Platform.Jobs.Model;

/// <summary>Jobs submitted together in one transaction; their progress is read from their views.</summary>
public sealed class JobBatchRecord
{
    public Guid Id { get; set; }
    public string OwnerId { get; set; } = "";
    public List<Guid> JobIds { get; set; } = [];
    public DateTimeOffset SubmittedAt { get; set; }

    /// <summary>The batch with the current state of its jobs, given in any order; a job missing from <paramref name="views"/> counts as queued.</summary>
    public JobBatch ToContract(IEnumerable<JobView> views)
    {
        var byId = views.ToDictionary(view => view.Id);
        var jobs = JobIds.Select(id => byId.TryGetValue(id, out var view)
            ? new JobBatchItem(id, view.Type, view.Status, view.Progress, view.Error)
            : new JobBatchItem(id, "", JobStatus.Queued, 0, null)).ToList();

        long Count(Func<JobStatus, bool> match) => jobs.LongCount(job => match(job.Status));
        var counts = new JobStats(jobs.Count,
            Count(status => status == JobStatus.Queued),
            Count(status => status is JobStatus.Running or JobStatus.Cancelling),
            Count(status => status == JobStatus.Succeeded),
            Count(status => status == JobStatus.Failed),
            Count(status => status == JobStatus.Cancelled));
        var progress = jobs.Count == 0 ? 0 : jobs.Average(job => job.Progress);
        return new JobBatch(Id, OwnerId, SubmittedAt, JobIds, jobs.Count, counts, Math.Round(progress, 2),
            jobs.All(job => job.Status.IsFinished()), jobs);
    }
}
