using Marten;
using Platform.Contracts.Jobs;
using Platform.Jobs.Model;
using Platform.Storage.Schedules;

namespace Platform.Jobs.Artifacts;

/// <summary>
/// What of its owner still needs an uploaded file: an unfinished job whose input names it, or a schedule whose job does.
/// Such a file is neither deleted by its owner nor removed by retention.
/// </summary>
public sealed class FileHolders(IDocumentStore store)
{
    /// <summary>The job or schedule that holds the file, in words ("job …", "schedule …"); null when none does.</summary>
    public async Task<string?> HolderOfAsync(Guid fileId, string ownerId, CancellationToken ct)
    {
        await using var session = store.QuerySession();
        var jobs = await session.Query<JobView>()
            .Where(job => job.OwnerId == ownerId && job.Status != JobStatus.Succeeded && job.Status != JobStatus.Failed
                && job.Status != JobStatus.Cancelled && job.Files.Contains(fileId))
            .Select(job => job.Id)
            .Take(1)
            .ToListAsync(ct);
        if (jobs.Count > 0)
            return $"job {jobs[0]}";
        var schedules = await session.Query<JobSchedule>()
            .Where(schedule => schedule.OwnerId == ownerId && schedule.Files.Contains(fileId))
            .Select(schedule => schedule.Id)
            .Take(1)
            .ToListAsync(ct);
        return schedules.Count > 0 ? $"schedule {schedules[0]}" : null;
    }
}
