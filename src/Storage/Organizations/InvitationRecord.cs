using Platform.Contracts.Organizations;

namespace Platform.Storage.Organizations;

/// <summary>An invitation by e-mail address; only the hash of its token is kept. Accepted or withdrawn, it is deleted.</summary>
public sealed class InvitationRecord
{
    public Guid Id { get; set; }
    public Guid OrganizationId { get; set; }
    public string Email { get; set; } = "";
    public string NormalizedEmail { get; set; } = "";
    public OrganizationRole Role { get; set; }
    public string TokenHash { get; set; } = "";
    public Guid InvitedBy { get; set; }
    public DateTimeOffset CreatedAt { get; set; }
    public DateTimeOffset ExpiresAt { get; set; }

    public Invitation ToContract(string? token = null) => new(Id, OrganizationId, Email, Role, CreatedAt, ExpiresAt, token);
}
