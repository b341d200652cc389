using Marten;
using Marten.Linq;
using Platform.Contracts.Jobs;

namespace Platform.Storage.Jobs;

/// <param name="OwnerId">Whose jobs; null for everyone's (admins only).</param>
public sealed record JobFilter(string? OwnerId, JobStatus? Status, string? Type, int PageNumber, int PageSize);

public static class JobQueries
{
    /// <summary>The owner's jobs, newest first, one page with the total count.</summary>
    public static async Task<Page<Job>> ListAsync(this IQuerySession session, JobFilter filter, CancellationToken ct)
    {
        IQueryable<JobView> query = session.Query<JobView>();
        if (filter.OwnerId is { } ownerId)
            query = query.Where(job => job.OwnerId == ownerId);
        if (filter.Status is { } status)
            query = query.Where(job => job.Status == status);
        if (filter.Type is { } type)
            query = query.Where(job => job.Type == type);

        var page = await query
            .Stats(out QueryStatistics stats)
            .OrderByDescending(job => job.SubmittedAt)
            .Skip((filter.PageNumber - 1) * filter.PageSize)
            .Take(filter.PageSize)
            .ToListAsync(ct);
        return new Page<Job>(page.Select(job => job.ToContract()).ToList(), stats.TotalResults, filter.PageNumber, filter.PageSize);
    }

    /// <summary>Counts by status of one owner's jobs, or of everyone's when <paramref name="ownerId"/> is null.</summary>
    public static async Task<JobStats> StatsAsync(this IQuerySession session, string? ownerId, CancellationToken ct)
    {
        var batch = session.CreateBatchQuery();
        var counts = Enum.GetValues<JobStatus>().ToDictionary(
            status => status,
            status => ownerId is null
                ? batch.Query<JobView>().Where(job => job.Status == status).Count()
                : batch.Query<JobView>().Where(job => job.OwnerId == ownerId && job.Status == status).Count());
        await batch.Execute(ct);

        long Count(JobStatus status) => counts[status].Result;
        var running = Count(JobStatus.Running) + Count(JobStatus.Cancelling);
        var total = counts.Values.Sum(count => (long)count.Result);
        return new JobStats(total, Count(JobStatus.Queued), running, Count(JobStatus.Succeeded), Count(JobStatus.Failed), Count(JobStatus.Cancelled));
    }

    /// <summary>Ids of queued jobs submitted before <paramref name="submittedBefore"/>, oldest first.</summary>
    public static async Task<IReadOnlyList<Guid>> QueuedJobIdsAsync(this IQuerySession session, DateTimeOffset submittedBefore, int limit, CancellationToken ct) =>
        await session.Query<JobView>()
            .Where(job => job.Status == JobStatus.Queued && job.SubmittedAt < submittedBefore)
            .OrderBy(job => job.SubmittedAt)
            .Select(job => job.Id)
            .Take(limit)
            .ToListAsync(ct);
}
