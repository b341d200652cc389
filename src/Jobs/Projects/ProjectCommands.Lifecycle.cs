using Marten;
using Platform.Contracts;
using Platform.Contracts.Projects;
using Platform.Jobs.Model;
using Platform.Storage.Outcomes;
using Platform.Storage.Projects;

namespace Platform.Jobs.Projects;

/// <summary>A project's end and its copies: deleted only once nothing in it is unfinished; duplicated with its schedules, paused.</summary>
public sealed partial class ProjectCommands
{
    private const int LeavingPerCommit = 200;

    /// <summary>
    /// Deletes the project unless it has queued or running jobs or schedules that are not paused. Its finished jobs, its
    /// files and its paused schedules stay, belonging to no project from then on.
    /// </summary>
    public async Task<Outcome<Project>> DeleteAsync(Guid id, string ownerId, CancellationToken ct)
    {
        if (await gate.FindOwnedAsync(id, ownerId, ct) is not { } project)
            return ProjectRefusals.NotFound(id);
        var counts = (await counting.OfOwnerAsync(ownerId, ct))(id);
        var unfinished = counts.Jobs.Queued + counts.Jobs.Running;
        if (unfinished > 0 || counts.ActiveSchedules > 0)
            return ProjectRefusals.NotEmpty(id, Remaining(unfinished, counts.ActiveSchedules));

        await using (var documents = store.LightweightSession())
        {
            documents.Delete<ProjectRecord>(id);
            await documents.SaveChangesAsync(ct);
        }
        await schedules.ReleaseAsync(id, ct);
        await files.ReleaseAsync(id, ct);
        IReadOnlyList<Guid> finished;
        await using (var documents = store.QuerySession())
            finished = await documents.FinishedJobIdsOfProjectAsync(id, ct);
        foreach (var some in finished.Chunk(LeavingPerCommit))
            await writer.AppendManyAsync(
                some.Select(jobId => (jobId, (Func<JobView, IReadOnlyList<object>>)(job => JobDecisions.LeaveProject(job, id, clock.GetUtcNow())))).ToList(),
                ct);
        return project.ToContract(counts);
    }

    private static string Remaining(long unfinishedJobs, long activeSchedules) => (unfinishedJobs, activeSchedules) switch
    {
        (> 0, > 0) => $"{Jobs(unfinishedJobs)} and {Schedules(activeSchedules)}",
        (> 0, _) => Jobs(unfinishedJobs),
        _ => Schedules(activeSchedules),
    };

    private static string Jobs(long count) => count == 1 ? "1 queued or running job" : $"{count} queued or running jobs";

    private static string Schedules(long count) => count == 1 ? "1 active schedule" : $"{count} active schedules";

    /// <summary>
    /// A new project named <paramref name="request"/>'s name, with the same description and a copy of each of the
    /// source's schedules, paused so that nothing fires twice until the owner resumes the copies. Jobs and files are not copied.
    /// </summary>
    public async Task<Outcome<Project>> DuplicateAsync(Guid id, DuplicateProjectRequest request, string ownerId, CancellationToken ct)
    {
        if (await gate.FindOwnedAsync(id, ownerId, ct) is not { } source)
            return ProjectRefusals.NotFound(id);
        var errors = new FieldErrors();
        ProjectRules.CheckName(errors, request.Name);
        if (errors.Any)
            return Refusal.Invalid(errors, "The project was not duplicated.");
        var copies = (await counting.OfOwnerAsync(ownerId, ct))(id).Schedules;
        if (await schedules.CountAsync(ownerId, ct) + copies > jobsOptions.MaxSchedulesPerUser)
            return Refusal.Conflict("schedule_limit_reached", "Too many schedules to copy.",
                $"project {id} has {copies} schedules, more than the {jobsOptions.MaxSchedulesPerUser} you may keep leave room for.");

        var created = await InsertAsync(ownerId, request.Name, source.Description, ct);
        if (!created.Succeeded)
            return created.Refusal!;
        await schedules.CopyAsync(id, created.Value.Id, ct);
        return await GetAsync(created.Value.Id, ownerId, ct);
    }
}
