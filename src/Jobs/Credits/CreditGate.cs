using System.Collections.Concurrent;
using Marten;
using Platform.Contracts.Jobs;
using Platform.Jobs.Model;
using Platform.Storage.Credits;
using Platform.Storage.Outcomes;

namespace Platform.Jobs.Credits;

/// <summary>
/// What a submit asks of credits before it stores: the owner's allowance for this period is granted first, a plain
/// shortfall is refused at once, and each end user stays within the owner's limits for them. That the owner can pay is
/// settled by the store itself, in the submit's transaction (<see cref="CreditLedger"/>), so racing submits cannot both
/// take the last credits; <see cref="ShortAsync"/> words it for the one that lost.
/// </summary>
public sealed class CreditGate(CreditAccounts accounts, Allowances allowances, IDocumentStore documents, CreditsOptions options, TimeProvider clock)
{
    // The owners whose allowance this host has seen granted for the current period, so a period costs one statement per
    // owner and host; a new period starts an empty set, so it holds only the owners active in this one.
    private volatile GrantedIn _granted = new("", new(StringComparer.Ordinal));

    private sealed record GrantedIn(string Period, ConcurrentDictionary<string, bool> Owners);

    /// <summary>
    /// Why the owner may not submit <paramref name="jobs"/>: their available credits plainly cannot hold them, or an end
    /// user they name is at a limit; null when they may. The store still decides the race for the last credits.
    /// </summary>
    public async Task<Refusal?> RefusalAsync(string ownerId, string? plan, IReadOnlyList<JobSubmitted> jobs, CancellationToken ct)
    {
        var holding = jobs.Sum(job => JobCosts.MostFor(job.Price, job.Timeout, job.MaxAttempts));
        if (holding > 0)
            await GrantAllowanceAsync(ownerId, plan, ct);
        var byEndUser = jobs.Where(job => job.EndUser is not null).GroupBy(job => job.EndUser!).ToList();
        if (holding == 0 && byEndUser.Count == 0)
            return null;
        var account = await accounts.GetAsync(ownerId, ct);
        // Read first so a plain shortfall is answered without a failed transaction (which the store logs as an error).
        if (holding > account.Available)
            return CreditRefusals.Insufficient(holding, account.Available);
        foreach (var endUser in byEndUser)
        {
            if (account.EndUserMaxQueued is { } max && await QueuedAsync(ownerId, endUser.Key, ct) is var queued && queued + endUser.Count() > max)
                return CreditRefusals.EndUserQueued(endUser.Key, max, queued);
            var cost = endUser.Sum(job => JobCosts.MostFor(job.Price, job.Timeout, job.MaxAttempts));
            if (account.EndUserCreditsPerDay is { } perDay && cost > 0
                && await accounts.EndUserSpendTodayAsync(ownerId, endUser.Key, clock.GetUtcNow(), ct) is var spent && spent + cost > perDay)
                return CreditRefusals.EndUserCredits(endUser.Key, perDay, spent, cost);
        }
        return null;
    }

    /// <summary>The refusal of a hold of <paramref name="cost"/> the owner's credits could not cover, with what they have now.</summary>
    public async Task<Refusal> ShortAsync(string ownerId, long cost, CancellationToken ct) =>
        CreditRefusals.Insufficient(cost, (await accounts.GetAsync(ownerId, ct)).Available);

    /// <summary>Grants the allowance of the owner's <paramref name="plan"/> for this period, once across all hosts; nothing when the plan has none.</summary>
    public async Task GrantAllowanceAsync(string ownerId, string? plan, CancellationToken ct)
    {
        if (!options.Metering || plan is null || !options.Allowances.TryGetValue(plan, out var amount) || amount <= 0)
            return;
        var (period, _) = AllowancePeriods.Of(options.AllowancePeriod, clock.GetUtcNow());
        var granted = _granted;
        if (granted.Period != period)
            _granted = granted = new(period, new(StringComparer.Ordinal));
        if (granted.Owners.ContainsKey(ownerId))
            return;
        await allowances.GrantOnceAsync(ownerId, amount, period, ct);
        granted.Owners[ownerId] = true;
    }

    private async Task<int> QueuedAsync(string ownerId, string endUser, CancellationToken ct)
    {
        await using var session = documents.QuerySession();
        return await session.Query<JobView>().CountAsync(job => job.OwnerId == ownerId && job.EndUser == endUser
            && (job.Status == JobStatus.Queued || job.Status == JobStatus.Running || job.Status == JobStatus.Cancelling), ct);
    }
}
