using Marten;
using Marten.Services;
using Npgsql;
using Platform.Contracts;
using Platform.Contracts.Projects;
using Platform.Jobs.Scheduling;
using Platform.Storage;
using Platform.Storage.Files;
using Platform.Storage.Outcomes;
using Platform.Storage.Projects;

namespace Platform.Jobs.Projects;

/// <summary>
/// An owner's projects: created within <see cref="ProjectsOptions.MaxProjectsPerOwner"/>, named uniquely in any case,
/// renamed, archived and back; deleting and duplicating are in <c>ProjectCommands.Lifecycle.cs</c>. Another owner's
/// project is as absent as one that does not exist.
/// </summary>
public sealed partial class ProjectCommands(
    IDocumentStore store,
    NpgsqlDataSource database,
    ProjectGate gate,
    ProjectCounting counting,
    RecurringJobs schedules,
    UserFiles files,
    JobWriter writer,
    ProjectsOptions options,
    JobsOptions jobsOptions,
    TimeProvider clock)
{
    // The first key of the advisory locks that serialize one owner's creates; the second is the owner's hash.
    private const int CreateLockSpace = 0x9e0c7;

    public async Task<Outcome<Project>> CreateAsync(CreateProjectRequest request, string ownerId, CancellationToken ct)
    {
        var errors = new FieldErrors();
        ProjectRules.CheckName(errors, request.Name);
        ProjectRules.CheckDescription(errors, request.Description);
        if (errors.Any)
            return Refusal.Invalid(errors, "The project was not created.");
        var outcome = await InsertAsync(ownerId, request.Name, ProjectRules.DescriptionOf(request.Description), ct);
        return outcome.Map(project => project.ToContract(ProjectCounting.Empty));
    }

    public async Task<IReadOnlyList<Project>> ListAsync(string ownerId, CancellationToken ct)
    {
        await using var documents = store.QuerySession();
        var projects = await documents.Query<ProjectRecord>().Where(p => p.OwnerId == ownerId).OrderBy(p => p.CreatedAt).ToListAsync(ct);
        var counts = await counting.OfOwnerAsync(ownerId, ct);
        return projects.Select(project => project.ToContract(counts(project.Id))).ToList();
    }

    public async Task<Outcome<Project>> GetAsync(Guid id, string ownerId, CancellationToken ct)
    {
        if (await gate.FindOwnedAsync(id, ownerId, ct) is not { } project)
            return ProjectRefusals.NotFound(id);
        return project.ToContract((await counting.OfOwnerAsync(ownerId, ct))(id));
    }

    /// <summary>Renames or describes the project; what the request leaves out stays as it is.</summary>
    public async Task<Outcome<Project>> UpdateAsync(Guid id, UpdateProjectRequest request, string ownerId, CancellationToken ct)
    {
        var errors = new FieldErrors();
        if (request.Name is not null)
            ProjectRules.CheckName(errors, request.Name);
        ProjectRules.CheckDescription(errors, request.Description);
        if (errors.Any)
            return Refusal.Invalid(errors, "The project was not changed.");
        return await ChangeAsync(id, ownerId, project =>
        {
            if (request.Name is { } name)
                (project.Name, project.NameKey) = (name.Trim(), ProjectRecord.KeyOf(name));
            if (request.Description is not null)
                project.Description = ProjectRules.DescriptionOf(request.Description);
        }, ct);
    }

    /// <summary>Archives the project: it keeps what it holds and takes nothing new until unarchived. Archiving twice changes nothing.</summary>
    public Task<Outcome<Project>> ArchiveAsync(Guid id, string ownerId, CancellationToken ct) =>
        ChangeAsync(id, ownerId, project => project.ArchivedAt ??= StoredTime.Of(clock.GetUtcNow()), ct);

    public Task<Outcome<Project>> UnarchiveAsync(Guid id, string ownerId, CancellationToken ct) =>
        ChangeAsync(id, ownerId, project => project.ArchivedAt = null, ct);

    private async Task<Outcome<Project>> ChangeAsync(Guid id, string ownerId, Action<ProjectRecord> change, CancellationToken ct)
    {
        if (await gate.FindOwnedAsync(id, ownerId, ct) is not { } project)
            return ProjectRefusals.NotFound(id);
        change(project);
        await using var documents = store.LightweightSession();
        documents.Update(project);
        try
        {
            await documents.SaveChangesAsync(ct);
        }
        catch (Exception e) when (IsNameClash(e))
        {
            return ProjectRefusals.NameTaken(project.Name);
        }
        return project.ToContract((await counting.OfOwnerAsync(ownerId, ct))(id));
    }

    // Counted and inserted under a lock per owner held until the insert commits, so concurrent creates cannot all pass the count.
    private async Task<Outcome<ProjectRecord>> InsertAsync(string ownerId, string name, string? description, CancellationToken ct)
    {
        var project = new ProjectRecord
        {
            Id = Guid.CreateVersion7(),
            OwnerId = ownerId,
            Name = name.Trim(),
            NameKey = ProjectRecord.KeyOf(name),
            Description = description,
            CreatedAt = StoredTime.Of(clock.GetUtcNow()),
        };
        await using var connection = await database.OpenConnectionAsync(ct);
        await using var transaction = await connection.BeginTransactionAsync(ct);
        await AdvisoryLocks.HoldAsync(transaction, CreateLockSpace, ownerId, ct);
        await using var documents = store.LightweightSession(SessionOptions.ForTransaction(transaction));
        if (await documents.Query<ProjectRecord>().CountAsync(p => p.OwnerId == ownerId, ct) >= options.MaxProjectsPerOwner)
            return ProjectRefusals.LimitReached(options.MaxProjectsPerOwner);
        documents.Insert(project);
        try
        {
            await documents.SaveChangesAsync(ct);
        }
        catch (Exception e) when (IsNameClash(e))
        {
            return ProjectRefusals.NameTaken(project.Name);
        }
        await transaction.CommitAsync(ct);
        return project;
    }

    private static bool IsNameClash(Exception e) =>
        e is PostgresException { SqlState: PostgresErrorCodes.UniqueViolation, ConstraintName: ProjectRecord.UniqueNameIndex }
        || (e.InnerException is { } inner && IsNameClash(inner));
}
