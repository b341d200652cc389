using Marten;
using Marten.Linq;
using Platform.Contracts.Jobs;
using Platform.Storage;

namespace Platform.Jobs.Model;

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
        // One statement, so one snapshot: counted status by status, a job moving on meanwhile would be counted twice.
        const string count = $"SELECT json_build_object('Status', status, 'Count', count(*)) FROM {StorageExtensions.Schema}.mt_doc_jobview";
        var rows = ownerId is null
            ? await session.AdvancedSql.QueryAsync<StatusCount>($"{count} GROUP BY status", ct)
            : await session.AdvancedSql.QueryAsync<StatusCount>($"{count} WHERE owner_id = ? GROUP BY status", ct, ownerId);

        long Count(JobStatus status) => rows.Where(row => row.Status == status).Sum(row => row.Count);
        var running = Count(JobStatus.Running) + Count(JobStatus.Cancelling);
        return new JobStats(rows.Sum(row => row.Count), Count(JobStatus.Queued), running, Count(JobStatus.Succeeded), Count(JobStatus.Failed),
            Count(JobStatus.Cancelled));
    }

    private sealed record StatusCount(JobStatus Status, long Count);

    /// <summary>Ids of queued jobs submitted before <paramref name="submittedBefore"/>, oldest first.</summary>
    public static async Task<IReadOnlyList<Guid>> QueuedJobIdsAsync(this IQuerySession session, DateTimeOffset submittedBefore, int limit, CancellationToken ct) =>
        await session.Query<JobView>()
            .Where(job => job.Status == JobStatus.Queued && job.SubmittedAt < submittedBefore)
            .OrderBy(job => job.SubmittedAt)
            .Select(job => job.Id)
            .Take(limit)
            .ToListAsync(ct);
}
