using Platform.Contracts.Projects;

namespace Platform.Storage.Projects;

/// <summary>A project as stored, keyed within its owner by <see cref="NameKey"/> so two names that differ only in case clash.</summary>
public sealed class ProjectRecord
{
    public const string UniqueNameIndex = "ix_projects_owner_name";

    public Guid Id { get; set; }
    public string OwnerId { get; set; } = "";
    public string Name { get; set; } = "";

    /// <summary>The name as compared: trimmed and in lower case.</summary>
    public string NameKey { get; set; } = "";
    public string? Description { get; set; }
    public DateTimeOffset CreatedAt { get; set; }

    /// <summary>When it was archived; null while it takes new work.</summary>
    public DateTimeOffset? ArchivedAt { get; set; }

    public static string KeyOf(string name) => name.Trim().ToLowerInvariant();

    public Project ToContract(ProjectCounts? counts = null) => new(Id, Name, Description, ArchivedAt is not null, CreatedAt, ArchivedAt, counts);
}
