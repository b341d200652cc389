using Marten;
using Platform.Contracts.Jobs;
using Platform.Contracts.Projects;
using Platform.Jobs.Model;
using Platform.Jobs.Scheduling;
using Platform.Storage.Files;

namespace Platform.Jobs.Projects;

/// <summary>What each of an owner's projects holds, counted for all of them at once: one statement each for jobs, files and schedules.</summary>
public sealed class ProjectCounting(IDocumentStore store, RecurringJobs schedules, UserFiles files)
{
    public static readonly ProjectCounts Empty = new(new JobStats(0, 0, 0, 0, 0, 0), 0, 0, 0);

    /// <summary>The counts of each of the owner's projects, looked up by the project's id.</summary>
    public async Task<Func<Guid, ProjectCounts>> OfOwnerAsync(string ownerId, CancellationToken ct)
    {
        IReadOnlyDictionary<Guid, JobStats> jobs;
        await using (var documents = store.QuerySession())
            jobs = await documents.ProjectStatsAsync(ownerId, ct);
        // Files are keyed by the owner as a Guid; an owner whose id is not one has none.
        var fileCounts = Guid.TryParse(ownerId, out var fileOwner) ? await files.CountByProjectAsync(fileOwner, ct) : new Dictionary<Guid, long>();
        var scheduled = await schedules.OfProjectsAsync(ownerId, ct);
        return project => new ProjectCounts(
            jobs.GetValueOrDefault(project, Empty.Jobs),
            fileCounts.GetValueOrDefault(project),
            scheduled[project].Count(),
            scheduled[project].Count(schedule => !schedule.Paused));
    }
}
