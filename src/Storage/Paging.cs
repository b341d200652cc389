using System.Linq.Expressions;
using Marten;
using Platform.Contracts.Jobs;

namespace Platform.Storage;

public static class Paging
{
    /// <summary>One page of a query, newest first, with how many the whole query holds; each document as the caller shows it.</summary>
    public static async Task<Page<T>> NewestFirstAsync<TDocument, TKey, T>(this IQueryable<TDocument> query, Expression<Func<TDocument, TKey>> age,
        int page, int pageSize, Func<TDocument, T> show, CancellationToken ct) where TDocument : notnull
    {
        var found = await query.Stats(out var stats).OrderByDescending(age).Skip((page - 1) * pageSize).Take(pageSize).ToListAsync(ct);
        return new Page<T>(found.Select(show).ToList(), stats.TotalResults, page, pageSize);
    }
}
