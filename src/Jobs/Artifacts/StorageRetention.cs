using Marten;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Platform.Contracts.Jobs;
using Platform.Jobs.Model;
using Platform.Storage.Files;
using Platform.Storage.Objects;

namespace Platform.Jobs.Artifacts;

/// <summary>
/// Removes finished jobs' artifacts older than <see cref="JobsOptions.ArtifactRetention"/> and uploaded files older than
/// <see cref="FilesOptions.Retention"/> (unless an unfinished job or a schedule names them), at start and every
/// <see cref="JobsOptions.RetentionInterval"/>, a batch at a time. Every host runs it; removing twice changes nothing.
/// </summary>
public sealed class StorageRetention(
    IDocumentStore documents, JobWriter writer, FileHolders holders, ArtifactStore artifacts, UserFiles files, IObjectStore objects,
    JobsOptions jobsOptions, FilesOptions filesOptions, TimeProvider clock, ILogger<StorageRetention> logger) : BackgroundService
{
    private const int BatchSize = 100;

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(jobsOptions.RetentionInterval, clock);
        try
        {
            do
            {
                try
                {
                    await RemoveExpiredAsync(stoppingToken);
                }
                catch (Exception e) when (e is not OperationCanceledException)
                {
                    logger.LogWarning("Removing expired artifacts and files failed ({Error}); trying again later", e.Message);
                }
            }
            while (await timer.WaitForNextTickAsync(stoppingToken));
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
    }

    /// <summary>Removes everything past its retention now; answers how many jobs' artifacts and how many files.</summary>
    public async Task<(int Jobs, int Files)> RemoveExpiredAsync(CancellationToken ct)
    {
        var (jobCount, fileCount) = (0, 0);
        if (jobsOptions.ArtifactRetention > TimeSpan.Zero)
            for (int removed; (removed = await ExpireArtifactsAsync(clock.GetUtcNow() - jobsOptions.ArtifactRetention, ct)) > 0;)
                jobCount += removed;
        if (filesOptions.Retention > TimeSpan.Zero)
        {
            bool more;
            do
            {
                (var deleted, more) = await DeleteFilesAsync(clock.GetUtcNow() - filesOptions.Retention, ct);
                fileCount += deleted;
            }
            while (more);
        }
        if (jobCount + fileCount > 0)
            logger.LogInformation("Removed the artifacts of {Jobs} jobs and {Files} uploaded files past their retention", jobCount, fileCount);
        return (jobCount, fileCount);
    }

    // Bytes first, then the event: a host that dies between the two leaves a job the next pass finds again.
    private async Task<int> ExpireArtifactsAsync(DateTimeOffset finishedBefore, CancellationToken ct)
    {
        IReadOnlyList<Guid> expired;
        await using (var session = documents.QuerySession())
            expired = await session.Query<JobView>()
                .Where(job => (job.Status == JobStatus.Succeeded || job.Status == JobStatus.Failed || job.Status == JobStatus.Cancelled)
                    && job.FinishedAt < finishedBefore && job.Artifacts.Any())
                .OrderBy(job => job.FinishedAt)
                .Select(job => job.Id)
                .Take(BatchSize)
                .ToListAsync(ct);
        foreach (var jobId in expired)
        {
            await artifacts.DeleteAllAsync(jobId, ct);
            await writer.AppendAsync(jobId, job => JobDecisions.ExpireArtifacts(job, clock.GetUtcNow()), ct);
        }
        return expired.Count;
    }

    // Files an unfinished job names are passed over, so the oldest batch may be all of them: then the next pass tries again.
    private async Task<(int Deleted, bool More)> DeleteFilesAsync(DateTimeOffset uploadedBefore, CancellationToken ct)
    {
        var deleted = 0;
        var batch = await files.UploadedBeforeAsync(uploadedBefore, BatchSize, ct);
        foreach (var file in batch)
        {
            if (await holders.HolderOfAsync(file.Id, file.OwnerId.ToString(), ct) is not null)
                continue;
            if (await files.DeleteOwnedAsync(file.Id, file.OwnerId, ct))
                deleted++;
            await objects.DeleteAsync(UserFiles.KeyOf(file.Id), ct);
        }
        return (deleted, batch.Count == BatchSize && deleted == batch.Count);
    }
}
