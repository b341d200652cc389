using Marten;
using Marten.Patching;
using Platform.Contracts.Jobs;
using Platform.Contracts.Organizations;
using Platform.Storage.Organizations;

namespace Platform.Host.Organizations;

/// <summary>What the platform's admins do to organizations: list them all, disable, enable and delete them.</summary>
public sealed class OrganizationAdministration(IDocumentStore store, AccountCache accounts, OrganizationService organizations, AuditLog audit)
{
    public async Task<Page<AdminOrganization>> ListAsync(string? search, int page, int pageSize, CancellationToken ct)
    {
        await using var documents = store.QuerySession();
        var query = documents.Query<OrganizationRecord>().AsQueryable();
        if (!string.IsNullOrWhiteSpace(search))
            query = query.Where(o => o.Name.Contains(search.Trim(), StringComparison.OrdinalIgnoreCase));
        var total = await query.CountAsync(ct);
        var items = await query.OrderByDescending(o => o.CreatedAt).Skip((page - 1) * pageSize).Take(pageSize).ToListAsync(ct);
        return new Page<AdminOrganization>(items.Select(ToContract).ToList(), total, page, pageSize);
    }

    /// <summary>A disabled organization is not found by its members; what they opened as it closes on every host.</summary>
    public Task<Outcome<AdminOrganization>> DisableAsync(Guid adminId, Guid organizationId, CancellationToken ct) =>
        SetDisabledAsync(adminId, organizationId, disabled: true, ct);

    public Task<Outcome<AdminOrganization>> EnableAsync(Guid adminId, Guid organizationId, CancellationToken ct) =>
        SetDisabledAsync(adminId, organizationId, disabled: false, ct);

    public async Task<Outcome<bool>> DeleteAsync(Guid adminId, Guid organizationId, CancellationToken ct)
    {
        await using var documents = store.LightweightSession();
        if (await documents.LoadAsync<OrganizationRecord>(organizationId, ct) is not { } organization)
            return OrganizationRefusals.NotFound();
        if (await organizations.DeleteIdleAsync(documents, organization, ct) is { } refused)
            return refused;
        await audit.RecordAsync(AuditActions.OrganizationDeletedByAdmin, adminId, null, succeeded: true, $"organization {organizationId} ({organization.Name})");
        return true;
    }

    private async Task<Outcome<AdminOrganization>> SetDisabledAsync(Guid adminId, Guid organizationId, bool disabled, CancellationToken ct)
    {
        await using var documents = store.LightweightSession();
        if (await documents.LoadAsync<OrganizationRecord>(organizationId, ct) is not { } organization)
            return OrganizationRefusals.NotFound();
        // Only the flag changes, so no member's concurrent change is lost.
        documents.Patch<OrganizationRecord>(organizationId).Set(o => o.Disabled, disabled);
        await documents.SaveChangesAsync(ct);
        await accounts.ForgetOrganizationAsync(organizationId, disabled ? EndedAccess.Organization(organizationId) : null);
        await audit.RecordAsync(disabled ? AuditActions.OrganizationDisabledByAdmin : AuditActions.OrganizationEnabledByAdmin, adminId, null,
            succeeded: true, $"organization {organizationId} ({organization.Name})");
        organization.Disabled = disabled;
        return ToContract(organization);
    }

    private static AdminOrganization ToContract(OrganizationRecord o) => new(o.Id, o.Name, o.Members.Count, o.Disabled, o.CreatedAt);
}
