using Marten;
using Platform.Contracts;
using Platform.Contracts.Credits;
using Platform.Contracts.Jobs;
using Platform.Jobs.Model;
using Platform.Storage.Credits;
using Platform.Storage.Outcomes;

namespace Platform.Jobs.Credits;

/// <summary>What owners and admins do with credits: read a balance and its ledger, set the owner's limits, grant, adjust and refund.</summary>
public sealed class CreditCommands(
    CreditAccounts accounts, LedgerReads ledger, CreditGate gate, IDocumentStore documents, CreditsOptions options, TimeProvider clock)
{
    public const int LongestReason = 500;

    /// <summary>The owner's balance, after granting this period's allowance of their <paramref name="plan"/> if it is due.</summary>
    public async Task<CreditBalance> BalanceAsync(string ownerId, string? plan, CancellationToken ct)
    {
        await gate.GrantAllowanceAsync(ownerId, plan, ct);
        var account = await accounts.GetAsync(ownerId, ct);
        return ToContract(account, plan);
    }

    public async Task<Page<LedgerEntry>> LedgerAsync(LedgerFilter filter, CancellationToken ct)
    {
        var (entries, total) = await ledger.PageAsync(filter, ct);
        return new Page<LedgerEntry>(entries.Select(ToContract).ToList(), total, filter.PageNumber, filter.PageSize);
    }

    public async Task<Outcome<CreditBalance>> SetSettingsAsync(string ownerId, string? plan, CreditSettings? settings, CancellationToken ct)
    {
        var errors = new FieldErrors();
        if (settings is null)
            return Refusal.Invalid("body", "is required.");
        if (settings.LowBalanceThreshold is { } threshold)
            errors.Range("lowBalanceThreshold", threshold, 0, long.MaxValue);
        if (settings.EndUserMaxQueued is { } queued)
            errors.Range("endUserMaxQueued", queued, 1, int.MaxValue);
        if (settings.EndUserCreditsPerDay is { } perDay)
            errors.Range("endUserCreditsPerDay", perDay, 0, long.MaxValue);
        if (errors.Any)
            return Refusal.Invalid(errors, "The credit settings were not changed.");
        var account = await accounts.SetSettingsAsync(ownerId, settings.LowBalanceThreshold, settings.EndUserMaxQueued, settings.EndUserCreditsPerDay, ct);
        return ToContract(account, plan);
    }

    /// <summary>
    /// An admin adds credits (a grant, more than 0) or adds or takes them (an adjustment); an adjustment may not take the
    /// balance below what is held for unfinished jobs.
    /// </summary>
    public async Task<Outcome<LedgerEntry>> ChangeAsync(string ownerId, string kind, CreditChangeRequest? request, string actor, CancellationToken ct)
    {
        var errors = new FieldErrors();
        if (request is null)
            return Refusal.Invalid("body", "is required.");
        if (kind == LedgerKinds.Grant)
            errors.Range("amount", request.Amount, 1, JobCosts.MostPrice * 1000);
        else if (request.Amount == 0 || Math.Abs(request.Amount) > JobCosts.MostPrice * 1000)
            errors.Add("amount", $"must not be 0, and at most {JobCosts.MostPrice * 1000} either way.");
        CheckReason(request.Reason, errors);
        if (errors.Any)
            return Refusal.Invalid(errors, "The credits were not changed.");
        var entry = new LedgerEntryRow(ownerId, kind, request.Amount, 0, Actor: actor, Reason: request.Reason!.Trim()) { At = clock.GetUtcNow() };
        return await StageAsync(entry, ct) ?? (Outcome<LedgerEntry>)ToContract(entry);
    }

    /// <summary>An admin gives back what a job was charged, all of it or part, never more than it paid and was not yet given back.</summary>
    public async Task<Outcome<LedgerEntry>> RefundAsync(RefundRequest? request, string actor, CancellationToken ct)
    {
        if (request is null)
            return Refusal.Invalid("body", "is required.");
        var errors = new FieldErrors();
        CheckReason(request.Reason, errors);
        if (request.Amount is { } asked)
            errors.Range("amount", asked, 1, long.MaxValue);
        if (errors.Any)
            return Refusal.Invalid(errors, "Nothing was refunded.");
        JobView? job;
        await using (var session = documents.QuerySession())
            job = await session.LoadAsync<JobView>(request.JobId, ct);
        if (job is null)
            return JobRefusals.NotFound(request.JobId);
        var refundable = job.Charged - await ledger.RefundedAsync(job.Id, ct);
        var amount = request.Amount ?? refundable;
        if (amount <= 0 || amount > refundable)
            return CreditRefusals.NothingToRefund(job.Id, refundable);
        var entry = new LedgerEntryRow(job.OwnerId, LedgerKinds.Refund, amount, 0, job.Id, job.Type, job.ProjectId, job.EndUser, job.SubmittedBy,
            actor, request.Reason!.Trim()) { At = clock.GetUtcNow() };
        return await StageAsync(entry, ct) ?? (Outcome<LedgerEntry>)ToContract(entry);
    }

    /// <summary>Every balance checked against the sum of its entries (or one owner's).</summary>
    public async Task<LedgerCheck> CheckAsync(string? ownerId, CancellationToken ct)
    {
        var (owners, differences) = await ledger.CheckAsync(ownerId, ct);
        return new LedgerCheck(owners, differences.Select(d => new LedgerDifference(d.OwnerId, d.Balance, d.Held, d.EntriesBalance, d.EntriesHeld)).ToList(),
            clock.GetUtcNow());
    }

    private async Task<Refusal?> StageAsync(LedgerEntryRow entry, CancellationToken ct)
    {
        await using var session = documents.LightweightSession();
        CreditLedger.Stage(session, [entry]);
        try
        {
            await session.SaveChangesAsync(ct);
            return null;
        }
        catch (Exception e) when (CreditLedger.IsShort(e))
        {
            return CreditRefusals.AdjustmentTooLarge(entry.Amount, (await accounts.GetAsync(entry.OwnerId, ct)).Available);
        }
    }

    private static void CheckReason(string? reason, FieldErrors errors)
    {
        if (errors.Required("reason", reason))
            errors.MaxLength("reason", reason, LongestReason);
    }

    private CreditBalance ToContract(CreditAccount account, string? plan)
    {
        var allowance = options.Metering && plan is not null && options.Allowances.TryGetValue(plan, out var amount) && amount > 0
            ? new CreditAllowance(amount, options.AllowancePeriod, AllowancePeriods.Of(options.AllowancePeriod, clock.GetUtcNow()).NextAt)
            : null;
        return new CreditBalance(account.OwnerId, account.Balance, account.Held, account.Available,
            new CreditSettings(account.LowThreshold, account.EndUserMaxQueued, account.EndUserCreditsPerDay), allowance);
    }

    public static LedgerEntry ToContract(LedgerEntryRow row) => new(row.Id, row.Kind, row.Amount, row.Held, row.JobId, row.JobType, row.ProjectId,
        row.EndUser, row.Member, row.Actor, row.Reason, row.At);
}
