using Platform.Contracts.Jobs;

namespace Platform.Contracts.Projects;

/// <summary>
/// A named group of one owner's jobs, files and schedules. An archived project is read only: nothing new is submitted,
/// uploaded or scheduled into it until it is unarchived.
/// </summary>
/// <param name="Counts">What the project holds; null where it was not counted.</param>
public sealed record Project(
    Guid Id,
    string Name,
    string? Description,
    bool Archived,
    DateTimeOffset CreatedAt,
    DateTimeOffset? ArchivedAt = null,
    ProjectCounts? Counts = null);

/// <summary>What a project holds: its jobs by status, its files and its schedules (<paramref name="ActiveSchedules"/> of them not paused).</summary>
public sealed record ProjectCounts(JobStats Jobs, long Files, long Schedules, long ActiveSchedules);

/// <summary>Body of <c>POST /api/v1/projects</c>: a name unique among the owner's projects in any case, and what it is for.</summary>
public sealed record CreateProjectRequest(string Name, string? Description = null);

/// <summary>Body of <c>PATCH /api/v1/projects/{id}</c>: a new name, a new description, or both; what is left out stays. An empty description clears it.</summary>
public sealed record UpdateProjectRequest(string? Name = null, string? Description = null);

/// <summary>Body of <c>POST /api/v1/projects/{id}/duplicate</c>: the new project's name.</summary>
public sealed record DuplicateProjectRequest(string Name);

public static class ProjectLimits
{
    public const int MaxNameLength = 100;
    public const int MaxDescriptionLength = 2000;
}
