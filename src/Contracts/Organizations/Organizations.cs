namespace Platform.Contracts.Organizations;

/// <summary>What a member of an organization may do there; each role may do all that the roles before it may.</summary>
public enum OrganizationRole
{
    /// <summary>Reads the organization's jobs, files and schedules.</summary>
    Viewer,
    /// <summary>Also submits, cancels, retries, uploads and schedules.</summary>
    Member,
    /// <summary>Also manages members, invitations, keys and workers.</summary>
    Admin,
    /// <summary>Everything, including deleting the organization and making others owners; an organization always keeps one.</summary>
    Owner,
}

/// <summary>How a request acts for an organization rather than for the caller: <c>?actAs=&lt;organization id&gt;</c> on any call.</summary>
public static class ActAsParameter
{
    public const string Name = "actAs";
}

/// <summary>An organization as one of its members sees it, with the caller's role.</summary>
public sealed record Organization(Guid Id, string Name, OrganizationRole Role, int Members, DateTimeOffset CreatedAt);

/// <summary>Body of <c>POST /api/v1/organizations</c> and <c>PATCH /api/v1/organizations/{id}</c>.</summary>
public sealed record OrganizationRequest(string Name);

public sealed record OrganizationMember(Guid UserId, string Email, string DisplayName, OrganizationRole Role, DateTimeOffset Since);

/// <summary>Body of <c>PUT /api/v1/organizations/{id}/members/{userId}/role</c>.</summary>
public sealed record ChangeOrganizationRoleRequest(OrganizationRole? Role);

/// <summary>Body of <c>POST /api/v1/organizations/{id}/invitations</c>.</summary>
public sealed record InviteRequest(string Email, OrganizationRole? Role = null);

/// <summary>
/// An invitation to join with a role. <see cref="Token"/> is shown when it is made and never again: it is what the
/// invited person's link carries, and it works once, for the account with the invited address, until it expires.
/// </summary>
public sealed record Invitation(Guid Id, Guid OrganizationId, string Email, OrganizationRole Role, DateTimeOffset CreatedAt, DateTimeOffset ExpiresAt,
    string? Token = null);

/// <summary>Body of <c>POST /api/v1/organizations/invitations/accept</c>.</summary>
public sealed record AcceptInvitationRequest(string Token);

/// <summary>An organization as the platform's admins see it.</summary>
public sealed record AdminOrganization(Guid Id, string Name, int Members, bool Disabled, DateTimeOffset CreatedAt);
