using Marten;
using Platform.Contracts.Credits;
using Platform.Storage;

namespace Platform.Jobs.Credits;

/// <summary>
/// Usage is read off the jobs themselves: each finished job keeps what it was charged and how long its attempts ran, so a
/// report costs the hot path nothing. A job counts in the period it finished in.
/// </summary>
public sealed class UsageReports(IDocumentStore documents)
{
    public static IReadOnlyList<string> Groupings { get; } = ["day", "type", "project", "member", "endUser"];

    /// <param name="type">Only jobs of this type; null for every type.</param>
    public async Task<UsageReport> ReportAsync(string ownerId, DateTimeOffset from, DateTimeOffset to, string groupBy, string? type, CancellationToken ct)
    {
        var key = groupBy switch
        {
            "day" => "to_char(finished_at at time zone 'UTC', 'YYYY-MM-DD')",
            "type" => "type",
            "project" => "coalesce(project_id::text, '')",
            "member" => "coalesce(data ->> 'SubmittedBy', owner_id)",
            "endUser" => "coalesce(end_user, '')",
            _ => throw new ArgumentOutOfRangeException(nameof(groupBy), groupBy, "not a grouping"),
        };
        var sql = $"""
            select json_build_object('Key', {key}, 'Credits', coalesce(sum((data ->> 'Charged')::bigint), 0), 'Jobs', count(*),
                'RunSeconds', coalesce(sum((data ->> 'RunSeconds')::float8), 0), 'Failures', count(*) filter (where status = 'Failed'))
            from {StorageExtensions.Schema}.mt_doc_jobview
            where owner_id = ? and finished_at >= ? and finished_at < ?{(type is null ? "" : " and type = ?")}
            group by {key} order by {key}
            """;
        await using var session = documents.QuerySession();
        var parameters = new List<object> { ownerId, from.ToUniversalTime(), to.ToUniversalTime() };
        if (type is not null)
            parameters.Add(type);
        var rows = await session.AdvancedSql.QueryAsync<UsageRow>(sql, ct, [.. parameters]);
        var total = new UsageRow("", rows.Sum(row => row.Credits), rows.Sum(row => row.Jobs), rows.Sum(row => row.RunSeconds), rows.Sum(row => row.Failures));
        return new UsageReport(from, to, groupBy, rows, total);
    }
}
