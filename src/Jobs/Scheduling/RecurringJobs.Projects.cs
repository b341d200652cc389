using Marten;
using Marten.Patching;
using Platform.Storage.Schedules;

namespace Platform.Jobs.Scheduling;

/// <summary>What a project asks of its schedules: counting them, copying them into a duplicate, letting them go when it is deleted.</summary>
public sealed partial class RecurringJobs
{
    /// <summary>How many schedules the owner keeps in all, whatever their project.</summary>
    public async Task<int> CountAsync(string ownerId, CancellationToken ct)
    {
        await using var documents = store.QuerySession();
        return await documents.Query<JobSchedule>().CountAsync(s => s.OwnerId == ownerId, ct);
    }

    /// <summary>The schedules of the owner's projects, each project's listed under it.</summary>
    public async Task<ILookup<Guid, JobSchedule>> OfProjectsAsync(string ownerId, CancellationToken ct)
    {
        await using var documents = store.QuerySession();
        var schedules = await documents.Query<JobSchedule>().Where(s => s.OwnerId == ownerId && s.ProjectId != null).ToListAsync(ct);
        return schedules.ToLookup(s => s.ProjectId!.Value);
    }

    /// <summary>
    /// Copies each schedule of <paramref name="from"/> into <paramref name="into"/>, paused, with its run count from zero;
    /// false when the owner's schedule limit stopped the copying before the end.
    /// </summary>
    public async Task<bool> CopyAsync(Guid from, Guid into, CancellationToken ct)
    {
        IReadOnlyList<JobSchedule> sources;
        await using (var documents = store.QuerySession())
            sources = await documents.Query<JobSchedule>().Where(s => s.ProjectId == from).OrderBy(s => s.CreatedAt).ToListAsync(ct);
        foreach (var source in sources)
        {
            var copy = new JobSchedule
            {
                Id = Guid.NewGuid(),
                OwnerId = source.OwnerId,
                Name = source.Name,
                Cron = source.Cron,
                TimeZone = source.TimeZone,
                Job = source.Job,
                ProjectId = into,
                Files = [.. source.Files],
                Paused = true,
                CreatedAt = clock.GetUtcNow(),
            };
            if (!await InsertWithinLimitAsync(copy, ct))
                return false;
            await TriggerOrTakeBackAsync(copy, FindTimeZone(copy.TimeZone) ?? TimeZoneInfo.Utc, ct);
        }
        return true;
    }

    /// <summary>The deleted project's schedules (all paused, or it could not be deleted) belong to no project from now on.</summary>
    public async Task ReleaseAsync(Guid projectId, CancellationToken ct)
    {
        await using var documents = store.LightweightSession();
        var ids = await documents.Query<JobSchedule>().Where(s => s.ProjectId == projectId).Select(s => s.Id).ToListAsync(ct);
        foreach (var id in ids)
            documents.Patch<JobSchedule>(id).Set(s => s.ProjectId, null);
        await documents.SaveChangesAsync(ct);
    }
}
