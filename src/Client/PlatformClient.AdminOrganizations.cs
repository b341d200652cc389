using Platform.Contracts.Jobs;
using Platform.Contracts.Organizations;

namespace Platform.Client;

// Admins only: every organization on the platform.
public sealed partial class PlatformClient
{
    public Task<Page<AdminOrganization>> AdminListOrganizationsAsync(string? search = null, int page = 1, int pageSize = 20, CancellationToken ct = default) =>
        SendAsync<Page<AdminOrganization>>(HttpMethod.Get,
            $"api/v1/admin/organizations?page={page}&pageSize={pageSize}{(search is null ? "" : $"&search={Uri.EscapeDataString(search)}")}", null, ct);

    public Task<AdminOrganization> AdminDisableOrganizationAsync(Guid organizationId, CancellationToken ct = default) =>
        SendAsync<AdminOrganization>(HttpMethod.Post, $"api/v1/admin/organizations/{organizationId}/disable", null, ct);

    public Task<AdminOrganization> AdminEnableOrganizationAsync(Guid organizationId, CancellationToken ct = default) =>
        SendAsync<AdminOrganization>(HttpMethod.Post, $"api/v1/admin/organizations/{organizationId}/enable", null, ct);

    public Task AdminDeleteOrganizationAsync(Guid organizationId, CancellationToken ct = default) =>
        SendAsync(HttpMethod.Delete, $"api/v1/admin/organizations/{organizationId}", null, ct);
}
