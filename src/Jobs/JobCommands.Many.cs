using Platform.Contracts.Jobs;
using Platform.Jobs.Model;
using Platform.Storage.Outcomes;

namespace Platform.Jobs;

/// <summary>Admins cancel or retry many jobs of any owners at once.</summary>
public sealed partial class JobCommands
{
    /// <summary>Cancels each job as <see cref="CancelAsync"/> does, whoever owns it; results in the order asked. For admins.</summary>
    public async Task<IReadOnlyList<JobAction>> CancelAnyAsync(IReadOnlyList<Guid> jobIds, CancellationToken ct)
    {
        var results = new List<JobAction>(jobIds.Count);
        foreach (var (jobId, result) in jobIds.Zip(await DecideManyAsync(jobIds, JobDecisions.Cancel, ct)))
            results.Add(await CancelledAsync(jobId, result));
        return results;
    }

    /// <summary>
    /// Retries each job as <see cref="RetryAsync"/> does, whoever owns it, within each owner's quota: of one owner's jobs,
    /// those asked first are retried while the quota has room. Results in the order asked. For admins.
    /// </summary>
    public async Task<IReadOnlyList<JobAction>> RetryAnyAsync(IReadOnlyList<Guid> jobIds, CancellationToken ct)
    {
        var refused = new Dictionary<Guid, JobAction>();
        var found = (await store.GetManyAsync(jobIds, ct)).ToDictionary(job => job.Id);
        var retryable = jobIds.Select(found.GetValueOrDefault).OfType<JobView>().Where(IsRetryable);
        foreach (var owned in retryable.GroupBy(job => job.OwnerId))
        {
            var room = await quota.RoomOfOwnerAsync(owned.Key, ct);
            foreach (var job in owned.Skip(room.Left))
                refused[job.Id] = new JobAction(room.Refusal, job.ToContract());
        }
        var admitted = jobIds.Where(jobId => !refused.ContainsKey(jobId)).ToList();
        var byId = new Dictionary<Guid, JobAction>(admitted.Count);
        foreach (var (jobId, result) in admitted.Zip(await DecideManyAsync(admitted, JobDecisions.Retry, ct)))
            byId[jobId] = await RetriedAsync(jobId, result, ct);
        return jobIds.Select(jobId => refused.GetValueOrDefault(jobId) ?? byId[jobId]).ToList();
    }

    // The same decision about many jobs of any owners, in one commit when none of them changes meanwhile.
    private Task<IReadOnlyList<AppendResult?>> DecideManyAsync(IReadOnlyList<Guid> jobIds, Func<JobView, DateTimeOffset, IReadOnlyList<object>> decide,
        CancellationToken ct) =>
        writer.AppendManyAsync(jobIds.Select(jobId => (jobId, (Func<JobView, IReadOnlyList<object>>)(job => decide(job, clock.GetUtcNow())))).ToList(), ct);
}

/// <summary>What a cancel or retry of one of many jobs came to, and the job as it is now whether or not it was refused.</summary>
/// <param name="Job">The job as it is now; null when there is no such job.</param>
public sealed record JobAction(Outcome<Job> Outcome, Job? Job);
