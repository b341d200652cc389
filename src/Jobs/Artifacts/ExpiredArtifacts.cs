using Marten;
using Microsoft.Extensions.Logging;
using Platform.Contracts.Jobs;
using Platform.Jobs.Model;
using Platform.Storage;

namespace Platform.Jobs.Artifacts;

/// <summary>
/// Removes finished jobs' artifacts older than <see cref="JobsOptions.ArtifactRetention"/>, at start and every
/// <see cref="JobsOptions.RetentionInterval"/>, on every host; removing twice changes nothing.
/// </summary>
public sealed class ExpiredArtifacts(IDocumentStore documents, JobWriter writer, ArtifactStore artifacts, JobsOptions options, TimeProvider clock,
    ILogger<ExpiredArtifacts> logger) : BatchedCleanup(options.RetentionInterval, RetentionBatch.Size, clock, logger)
{
    protected override string What => "jobs' artifacts past their retention";

    // Bytes first, then the event: a host that dies between the two leaves a job the next pass finds again.
    protected override async Task<int> DeleteBatchAsync(DateTimeOffset now, int batch, CancellationToken ct)
    {
        if (options.ArtifactRetention <= TimeSpan.Zero)
            return 0;
        var finishedBefore = now - options.ArtifactRetention;
        IReadOnlyList<Guid> expired;
        await using (var session = documents.QuerySession())
            expired = await session.Query<JobView>()
                .Where(job => (job.Status == JobStatus.Succeeded || job.Status == JobStatus.Failed || job.Status == JobStatus.Cancelled)
                    && job.FinishedAt < finishedBefore && job.Artifacts.Any())
                .OrderBy(job => job.FinishedAt)
                .Select(job => job.Id)
                .Take(batch)
                .ToListAsync(ct);
        foreach (var jobId in expired)
        {
            await artifacts.DeleteAllAsync(jobId, ct);
            await writer.AppendAsync(jobId, job => JobDecisions.ExpireArtifacts(job, now), ct);
        }
        return expired.Count;
    }
}

/// <summary>How many jobs or files one retention statement takes; batches follow each other until one comes back short.</summary>
internal static class RetentionBatch
{
    public const int Size = 100;
}
