using Marten;
using Platform.Storage.Accounts;

namespace Platform.Storage.Organizations;

/// <summary>Whether an owner of things, a user or an organization, is enabled, and the plan its quotas follow.</summary>
public sealed record OwnerStanding(bool Enabled, string Plan);

public static class Owners
{
    /// <summary>The standing of the user or organization <paramref name="ownerId"/> names; null for neither.</summary>
    public static async Task<OwnerStanding?> StandingAsync(IQuerySession documents, string ownerId, CancellationToken ct)
    {
        if (!Guid.TryParse(ownerId, out var id))
            return null;
        if (await documents.LoadAsync<UserAccount>(id, ct) is { } user)
            return new OwnerStanding(!user.Disabled, user.Plan);
        return await documents.LoadAsync<OrganizationRecord>(id, ct) is { } organization ? new OwnerStanding(!organization.Disabled, organization.Plan) : null;
    }
}
