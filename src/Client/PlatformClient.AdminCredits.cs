using Platform.Contracts.Credits;
using Platform.Contracts.Jobs;

namespace Platform.Client;

// Credits for admins: any owner's balance and ledger, grants, adjustments, refunds, usage, and the ledger's check.
public sealed partial class PlatformClient
{
    public Task<CreditBalance> AdminGetCreditsAsync(string ownerId, CancellationToken ct = default) =>
        SendAsync<CreditBalance>(HttpMethod.Get, $"api/v1/admin/credits/{Uri.EscapeDataString(ownerId)}", null, ct);

    public Task<Page<LedgerEntry>> AdminListLedgerAsync(string ownerId, string? kind = null, Guid? jobId = null, int page = 1, int pageSize = 20,
        CancellationToken ct = default) =>
        SendAsync<Page<LedgerEntry>>(HttpMethod.Get,
            LedgerPath($"api/v1/admin/credits/{Uri.EscapeDataString(ownerId)}/ledger", kind, jobId, null, page, pageSize), null, ct);

    /// <summary>Grants the owner (a user's or an organization's id) <paramref name="amount"/> credits.</summary>
    public Task<LedgerEntry> GrantCreditsAsync(string ownerId, long amount, string reason, CancellationToken ct = default) =>
        SendAsync<LedgerEntry>(HttpMethod.Post, $"api/v1/admin/credits/{Uri.EscapeDataString(ownerId)}/grants", new CreditChangeRequest(amount, reason), ct);

    /// <summary>Adds (positive) or takes (negative) the owner's credits; never below what is held.</summary>
    public Task<LedgerEntry> AdjustCreditsAsync(string ownerId, long amount, string reason, CancellationToken ct = default) =>
        SendAsync<LedgerEntry>(HttpMethod.Post, $"api/v1/admin/credits/{Uri.EscapeDataString(ownerId)}/adjustments",
            new CreditChangeRequest(amount, reason), ct);

    /// <summary>Gives back what the job was charged: all of it, or <paramref name="amount"/>.</summary>
    public Task<LedgerEntry> RefundJobAsync(Guid jobId, string reason, long? amount = null, CancellationToken ct = default) =>
        SendAsync<LedgerEntry>(HttpMethod.Post, "api/v1/admin/credits/refunds", new RefundRequest(jobId, amount, reason), ct);

    /// <summary>Every balance checked against the sum of its ledger entries; a difference is a defect.</summary>
    public Task<LedgerCheck> CheckLedgerAsync(CancellationToken ct = default) =>
        SendAsync<LedgerCheck>(HttpMethod.Get, "api/v1/admin/credits/check", null, ct);

    public Task<UsageReport> AdminGetUsageAsync(string ownerId, DateTimeOffset from, DateTimeOffset to, string groupBy = "day",
        CancellationToken ct = default) =>
        SendAsync<UsageReport>(HttpMethod.Get, UsagePath($"api/v1/admin/usage?owner={Uri.EscapeDataString(ownerId)}&", from, to, groupBy), null, ct);
}
