using Platform.Host.Jobs;
using Platform.Storage.Credits;

namespace Platform.Host.Credits;

/// <summary>The query of a ledger listing, checked: a known kind, a period that runs forwards, a page within bounds.</summary>
internal static class LedgerQuery
{
    public static (LedgerFilter? Filter, ValidationProblem? Problem) Parse(string ownerId, string? kind, Guid? jobId, string? endUser,
        DateTimeOffset? from, DateTimeOffset? to, int? page, int? pageSize)
    {
        if (JobListQuery.PagingProblem(page, pageSize) is { } paging)
            return (null, paging);
        if (kind is not null && !LedgerKinds.All.Contains(kind))
            return (null, ApiProblems.Invalid("kind", $"must be one of {string.Join(", ", LedgerKinds.All)}."));
        if (from > to)
            return (null, ApiProblems.Invalid("to", "must not be before from."));
        return (new LedgerFilter(ownerId, kind, jobId, endUser, from, to, page ?? 1, pageSize ?? 20), null);
    }
}
