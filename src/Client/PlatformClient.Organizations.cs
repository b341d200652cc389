using Platform.Contracts.Accounts;
using Platform.Contracts.Organizations;

namespace Platform.Client;

// Organizations: creating them, members and roles, invitations. Acting for one is ForOrganization.
public sealed partial class PlatformClient
{
    public Task<Organization> CreateOrganizationAsync(string name, CancellationToken ct = default) =>
        SendAsync<Organization>(HttpMethod.Post, "api/v1/organizations", new OrganizationRequest(name), ct);

    public Task<IReadOnlyList<Organization>> ListMyOrganizationsAsync(CancellationToken ct = default) =>
        SendAsync<IReadOnlyList<Organization>>(HttpMethod.Get, "api/v1/organizations", null, ct);

    public Task<Organization> GetOrganizationAsync(Guid organizationId, CancellationToken ct = default) =>
        SendAsync<Organization>(HttpMethod.Get, $"api/v1/organizations/{organizationId}", null, ct);

    public Task<Organization> RenameOrganizationAsync(Guid organizationId, string name, CancellationToken ct = default) =>
        SendAsync<Organization>(HttpMethod.Patch, $"api/v1/organizations/{organizationId}", new OrganizationRequest(name), ct);

    public Task DeleteOrganizationAsync(Guid organizationId, CancellationToken ct = default) =>
        SendAsync(HttpMethod.Delete, $"api/v1/organizations/{organizationId}", null, ct);

    public Task<IReadOnlyList<OrganizationMember>> ListOrganizationMembersAsync(Guid organizationId, CancellationToken ct = default) =>
        SendAsync<IReadOnlyList<OrganizationMember>>(HttpMethod.Get, $"api/v1/organizations/{organizationId}/members", null, ct);

    public Task<OrganizationMember> ChangeOrganizationRoleAsync(Guid organizationId, Guid userId, OrganizationRole role, CancellationToken ct = default) =>
        SendAsync<OrganizationMember>(HttpMethod.Put, $"api/v1/organizations/{organizationId}/members/{userId}/role",
            new ChangeOrganizationRoleRequest(role), ct);

    /// <summary>Removes a member; with the caller's own id, leaves.</summary>
    public Task RemoveOrganizationMemberAsync(Guid organizationId, Guid userId, CancellationToken ct = default) =>
        SendAsync(HttpMethod.Delete, $"api/v1/organizations/{organizationId}/members/{userId}", null, ct);

    /// <summary>Invites an address; the answer's token (shown only here) is what the invited person accepts with.</summary>
    public Task<Invitation> InviteToOrganizationAsync(Guid organizationId, string email, OrganizationRole? role = null, CancellationToken ct = default) =>
        SendAsync<Invitation>(HttpMethod.Post, $"api/v1/organizations/{organizationId}/invitations", new InviteRequest(email, role), ct);

    public Task<IReadOnlyList<Invitation>> ListOrganizationInvitationsAsync(Guid organizationId, CancellationToken ct = default) =>
        SendAsync<IReadOnlyList<Invitation>>(HttpMethod.Get, $"api/v1/organizations/{organizationId}/invitations", null, ct);

    public Task WithdrawOrganizationInvitationAsync(Guid organizationId, Guid invitationId, CancellationToken ct = default) =>
        SendAsync(HttpMethod.Delete, $"api/v1/organizations/{organizationId}/invitations/{invitationId}", null, ct);

    public Task<Organization> AcceptOrganizationInvitationAsync(string token, CancellationToken ct = default) =>
        SendAsync<Organization>(HttpMethod.Post, "api/v1/organizations/invitations/accept", new AcceptInvitationRequest(token), ct);

    /// <summary>A key that acts for the organization with its scopes (jobs:read, jobs:write, worker); its secret is in this answer only.</summary>
    public Task<ApiKeyCreated> CreateOrganizationApiKeyAsync(Guid organizationId, CreateApiKeyRequest request, CancellationToken ct = default) =>
        SendAsync<ApiKeyCreated>(HttpMethod.Post, $"api/v1/organizations/{organizationId}/api-keys", request, ct);

    public Task<IReadOnlyList<ApiKeyInfo>> ListOrganizationApiKeysAsync(Guid organizationId, CancellationToken ct = default) =>
        SendAsync<IReadOnlyList<ApiKeyInfo>>(HttpMethod.Get, $"api/v1/organizations/{organizationId}/api-keys", null, ct);

    public Task RevokeOrganizationApiKeyAsync(Guid organizationId, Guid keyId, CancellationToken ct = default) =>
        SendAsync(HttpMethod.Delete, $"api/v1/organizations/{organizationId}/api-keys/{keyId}", null, ct);
}
