using Marten;
using Platform.Storage.Outcomes;

namespace Platform.Storage.Projects;

/// <summary>Whether new work may go into a project: it must be the owner's, and not archived.</summary>
public sealed class ProjectGate(IDocumentStore store)
{
    /// <summary>The owner's project, or null when there is none of that id (or it is another owner's).</summary>
    public async Task<ProjectRecord?> FindOwnedAsync(Guid projectId, string ownerId, CancellationToken ct)
    {
        await using var documents = store.QuerySession();
        return await documents.LoadAsync<ProjectRecord>(projectId, ct) is { } project && project.OwnerId == ownerId ? project : null;
    }

    /// <summary>Why the owner may not put new work into <paramref name="projectId"/>; null when they may, or when no project is named.</summary>
    public async Task<Refusal?> RefusalAsync(Guid? projectId, string ownerId, CancellationToken ct)
    {
        if (projectId is not { } id)
            return null;
        if (await FindOwnedAsync(id, ownerId, ct) is not { } project)
            return ProjectRefusals.NotFound(id);
        return project.ArchivedAt is null ? null : ProjectRefusals.Archived(id);
    }
}
