using Platform.Contracts.Organizations;
using Platform.Storage.Organizations;

namespace Platform.Host.Organizations;

// The organization's own API keys: they act for it with their scopes, whoever of its admins made them, and a worker key
// among them runs the organization's jobs alone, which is how a team runs a private pool of machines.
public sealed partial class OrganizationService
{
    private const int MaxKeysPerOrganization = 50;
    private static readonly string[] KeyScopes = [Scopes.JobsRead, Scopes.JobsWrite, Scopes.Worker];

    public async Task<Outcome<ApiKeyCreated>> CreateKeyAsync(Guid userId, Guid organizationId, CreateApiKeyRequest request, CancellationToken ct)
    {
        if (await AdminOfAsync(userId, organizationId, "manage the organization's API keys", ct) is { } refused)
            return refused;
        var errors = ApiKeyCommands.Check(request, KeyScopes, clock.GetUtcNow());
        if (!errors.Any && (await keys.ListForOrganizationAsync(organizationId, ct)).Count >= MaxKeysPerOrganization)
            errors.Add("body", $"at most {MaxKeysPerOrganization} keys an organization; revoke one first.");
        if (errors.Any)
            return Refusal.Invalid(errors, "The API key was not created.");
        var created = await keys.CreateAsync(userId, request.Name.Trim(), request.Scopes, sharedWorker: false, request.ExpiresAt, ct, organizationId);
        await audit.RecordAsync(AuditActions.ApiKeyCreated, userId, null, succeeded: true,
            $"organization {organizationId}: key {created.Id} ({created.Prefix}), scopes {string.Join(' ', created.Scopes)}");
        return created;
    }

    public async Task<Outcome<IReadOnlyList<ApiKeyInfo>>> KeysAsync(Guid userId, Guid organizationId, CancellationToken ct)
    {
        if (await AdminOfAsync(userId, organizationId, "see the organization's API keys", ct) is { } refused)
            return refused;
        return (await keys.ListForOrganizationAsync(organizationId, ct)).ToList();
    }

    public async Task<Outcome<bool>> RevokeKeyAsync(Guid userId, Guid organizationId, Guid keyId, CancellationToken ct)
    {
        if (await AdminOfAsync(userId, organizationId, "manage the organization's API keys", ct) is { } refused)
            return refused;
        if (await keys.RevokeForOrganizationAsync(organizationId, keyId, ct) is not { } revoked)
            return Refusal.NotFound("API key not found.", detail: $"The organization has no active API key {keyId}.");
        await audit.RecordAsync(AuditActions.ApiKeyRevoked, userId, null, succeeded: true, $"organization {organizationId}: key {keyId} ({revoked.Prefix})");
        return true;
    }

    private async Task<Refusal?> AdminOfAsync(Guid userId, Guid organizationId, string action, CancellationToken ct)
    {
        await using var documents = store.QuerySession();
        return (await ActorAsync(documents, organizationId, userId, OrganizationRole.Admin, action, ct)).Refusal;
    }
}
