using Platform.Contracts.Credits;
using Platform.Contracts.Jobs;
using Platform.Host.Jobs;
using Platform.Jobs.Credits;
using Platform.Storage.Credits;

namespace Platform.Host.Credits;

/// <summary>The query of a ledger listing, checked: a known kind, a period that runs forwards, a page within bounds.</summary>
internal sealed record LedgerQuery(string? Kind, Guid? JobId, string? EndUser, DateTimeOffset? From, DateTimeOffset? To, int? Page, int? PageSize)
{
    /// <summary>One page of <paramref name="ownerId"/>'s ledger, or the problem with the query; owners and admins list it alike.</summary>
    public static async Task<Results<Ok<Page<LedgerEntry>>, ValidationProblem>> AnswerAsync(CreditCommands credits, string ownerId, string? plan,
        LedgerQuery query, CancellationToken ct)
    {
        var (filter, problem) = query.Parse(ownerId);
        return filter is null ? problem! : TypedResults.Ok(await credits.LedgerAsync(filter, plan, ct));
    }

    private (LedgerFilter? Filter, ValidationProblem? Problem) Parse(string ownerId)
    {
        if (JobListQuery.PagingProblem(Page, PageSize) is { } paging)
            return (null, paging);
        if (Kind is not null && !LedgerKinds.All.Contains(Kind))
            return (null, ApiProblems.Invalid("kind", $"must be one of {string.Join(", ", LedgerKinds.All)}."));
        if (From > To)
            return (null, ApiProblems.Invalid("to", "must not be before from."));
        return (new LedgerFilter(ownerId, Kind, JobId, EndUser, From, To, Page ?? 1, PageSize ?? 20), null);
    }
}
