using Platform.Contracts.Credits;
using Platform.Contracts.Jobs;

namespace Platform.Client;

// Credits: the caller's balance and ledger, what a job would hold, the owner's limits per end user, and usage.
public sealed partial class PlatformClient
{
    /// <summary>The balance of the caller, or of the organization the client acts for.</summary>
    public Task<CreditBalance> GetCreditsAsync(CancellationToken ct = default) =>
        SendAsync<CreditBalance>(HttpMethod.Get, "api/v1/credits", null, ct);

    /// <summary>The ledger, newest first; <paramref name="kind"/> is grant, allowance, hold, charge, release, refund or adjustment.</summary>
    public Task<Page<LedgerEntry>> ListLedgerAsync(string? kind = null, Guid? jobId = null, string? endUser = null, int page = 1, int pageSize = 20,
        CancellationToken ct = default) =>
        SendAsync<Page<LedgerEntry>>(HttpMethod.Get, LedgerPath("api/v1/credits/ledger", kind, jobId, endUser, page, pageSize), null, ct);

    /// <summary>The most the job would cost if submitted now, and what is available; nothing is stored.</summary>
    public Task<CreditQuote> QuoteJobAsync(SubmitJobRequest request, CancellationToken ct = default) =>
        SendAsync<CreditQuote>(HttpMethod.Post, "api/v1/credits/quote", request, ct);

    /// <summary>Sets the low-balance threshold and the limits per end user; a null turns that one off.</summary>
    public Task<CreditBalance> SetCreditSettingsAsync(CreditSettings settings, CancellationToken ct = default) =>
        SendAsync<CreditBalance>(HttpMethod.Put, "api/v1/credits/settings", settings, ct);

    /// <summary>
    /// What jobs (of <paramref name="type"/> alone, if given) that finished between <paramref name="from"/> and <paramref name="to"/> cost and
    /// ran, by day, type, project, member or endUser.
    /// </summary>
    public Task<UsageReport> GetUsageAsync(DateTimeOffset from, DateTimeOffset to, string groupBy = "day", string? type = null, CancellationToken ct = default) =>
        SendAsync<UsageReport>(HttpMethod.Get, UsagePath("api/v1/usage?", from, to, groupBy) + (type is null ? "" : $"&type={Uri.EscapeDataString(type)}"), null, ct);

    /// <summary><see cref="GetUsageAsync"/> as CSV, a header line then a line per group.</summary>
    public async Task<string> GetUsageCsvAsync(DateTimeOffset from, DateTimeOffset to, string groupBy = "day", CancellationToken ct = default)
    {
        using var response = await RawSendAsync(HttpMethod.Get, UsagePath("api/v1/usage?", from, to, groupBy) + "&format=csv", null, ct);
        await PlatformApiException.ThrowIfFailedAsync(response, ct);
        return await response.Content.ReadAsStringAsync(ct);
    }

    private static string LedgerPath(string path, string? kind, Guid? jobId, string? endUser, int page, int pageSize) =>
        $"{path}?page={page}&pageSize={pageSize}"
        + (kind is null ? "" : $"&kind={Uri.EscapeDataString(kind)}")
        + (jobId is null ? "" : $"&jobId={jobId}")
        + (endUser is null ? "" : $"&endUser={Uri.EscapeDataString(endUser)}");

    private static string UsagePath(string path, DateTimeOffset from, DateTimeOffset to, string groupBy) =>
        $"{path}from={Uri.EscapeDataString(from.ToString("O"))}&to={Uri.EscapeDataString(to.ToString("O"))}&groupBy={Uri.EscapeDataString(groupBy)}";
}
