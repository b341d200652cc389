using Marten;
using Marten.Linq;
using Platform.Contracts.Jobs;
using Platform.Storage;

namespace Platform.Jobs.Model;

/// <param name="OwnerId">Whose jobs; null for everyone's (admins only).</param>
/// <param name="ProjectId">Only the jobs of this project; null for any.</param>
public sealed record JobFilter(string? OwnerId, JobStatus? Status, string? Type, int PageNumber, int PageSize, Guid? ProjectId = null);

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
        if (filter.ProjectId is { } projectId)
            query = query.Where(job => job.ProjectId == projectId);

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
        return StatsOf(rows);
    }

    /// <summary>Counts by status of the jobs in each of the owner's projects that has any, in one statement.</summary>
    public static async Task<IReadOnlyDictionary<Guid, JobStats>> ProjectStatsAsync(this IQuerySession session, string ownerId, CancellationToken ct)
    {
        const string count = "SELECT json_build_object('Project', project_id, 'Status', status, 'Count', count(*)) " +
            $"FROM {StorageExtensions.Schema}.mt_doc_jobview WHERE owner_id = ? AND project_id IS NOT NULL GROUP BY project_id, status";
        var rows = await session.AdvancedSql.QueryAsync<ProjectStatusCount>(count, ct, ownerId);
        return rows.GroupBy(row => row.Project).ToDictionary(project => project.Key,
            project => StatsOf(project.Select(row => new StatusCount(row.Status, row.Count)).ToList()));
    }

    private static JobStats StatsOf(IReadOnlyList<StatusCount> rows)
    {
        long Count(JobStatus status) => rows.Where(row => row.Status == status).Sum(row => row.Count);
        var running = Count(JobStatus.Running) + Count(JobStatus.Cancelling);
        return new JobStats(rows.Sum(row => row.Count), Count(JobStatus.Queued), running, Count(JobStatus.Succeeded), Count(JobStatus.Failed),
            Count(JobStatus.Cancelled));
    }

    /// <summary>Ids of the project's jobs that have finished and so may leave it.</summary>
    public static async Task<IReadOnlyList<Guid>> FinishedJobIdsOfProjectAsync(this IQuerySession session, Guid projectId, CancellationToken ct) =>
        await session.Query<JobView>()
            .Where(job => job.ProjectId == projectId
                && (job.Status == JobStatus.Succeeded || job.Status == JobStatus.Failed || job.Status == JobStatus.Cancelled))
            .Select(job => job.Id)
            .ToListAsync(ct);

    private sealed record StatusCount(JobStatus Status, long Count);

    private sealed record ProjectStatusCount(Guid Project, JobStatus Status, long Count);

    /// <summary>Ids of queued jobs submitted before <paramref name="submittedBefore"/>, oldest first.</summary>
    public static async Task<IReadOnlyList<Guid>> QueuedJobIdsAsync(this IQuerySession session, DateTimeOffset submittedBefore, int limit, CancellationToken ct) =>
        await session.Query<JobView>()
            .Where(job => job.Status == JobStatus.Queued && job.SubmittedAt < submittedBefore)
            .OrderBy(job => job.SubmittedAt)
            .Select(job => job.Id)
            .Take(limit)
            .ToListAsync(ct);
}
