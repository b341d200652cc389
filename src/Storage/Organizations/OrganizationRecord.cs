using Platform.Contracts.Organizations;

namespace Platform.Storage.Organizations;

/// <summary>
/// A team that owns work as a user does: its id is the owner id of its jobs, files and schedules. Its members live in
/// the one document, so a change to them is checked against all of them (an organization always keeps an owner) and
/// two changes at once cannot both pass: the document is saved with optimistic concurrency.
/// </summary>
public sealed class OrganizationRecord
{
    public Guid Id { get; set; }
    public string Name { get; set; } = "";
    public bool Disabled { get; set; }

    /// <summary>The plan whose quotas its jobs count against, as a user's plan does for theirs.</summary>
    public string Plan { get; set; } = "standard";
    public DateTimeOffset CreatedAt { get; set; }
    public List<MembershipRecord> Members { get; set; } = [];

    public MembershipRecord? MemberOf(Guid userId) => Members.Find(member => member.UserId == userId);

    public int Owners => Members.Count(member => member.Role == OrganizationRole.Owner);
}

public sealed record MembershipRecord(Guid UserId, OrganizationRole Role, DateTimeOffset Since);
