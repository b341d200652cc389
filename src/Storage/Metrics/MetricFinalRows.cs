using Marten;
using Npgsql;
using Platform.Contracts.Jobs;

namespace Platform.Storage.Metrics;

/// <summary>What a final value is summarised under, beside the metric and the owner.</summary>
public sealed record FinishedJob(Guid JobId, string OwnerId, string Type, Guid? ProjectId, DateTimeOffset FinishedAt);

/// <summary>
/// The last value of each metric of each finished job, written in the transaction that stores the job's end, so
/// aggregates read one short row per job instead of its series.
/// </summary>
public sealed class MetricFinalRows(NpgsqlDataSource database)
{
    /// <summary>In the session's transaction: the job's final values become the last points of its series as they stand.</summary>
    public static void Stage(IDocumentOperations session, FinishedJob job)
    {
        // A job retried by hand ends again: its earlier finals give way.
        session.QueueSqlCommand($"delete from {MetricTables.Finals} where job_id = ?", job.JobId);
        session.QueueSqlCommand($"""
            insert into {MetricTables.Finals} (job_id, name, owner_id, job_type, project_id, finished_at, value)
            select job_id, name, ?, ?, ?::uuid, ?::timestamptz, point_values[cardinality(point_values)]
            from {MetricTables.Series} where job_id = ? and cardinality(point_values) > 0
            """, job.OwnerId, job.Type, job.ProjectId is { } project ? project : DBNull.Value, job.FinishedAt.ToUniversalTime(), job.JobId);
    }

    /// <summary>In the session's transaction: the finished job left its project (deleted), and its final values with it.</summary>
    public static void MoveProject(IDocumentOperations session, Guid jobId, Guid? projectId) =>
        session.QueueSqlCommand($"update {MetricTables.Finals} set project_id = ?::uuid where job_id = ?", projectId is { } project ? project : DBNull.Value, jobId);

    /// <summary>The final values of <paramref name="metric"/> of the owner's jobs that finished in [from, to), summarised per group, in group order.</summary>
    public async Task<IReadOnlyList<MetricGroup>> AggregateAsync(string ownerId, string metric, MetricGrouping groupBy, DateTimeOffset from,
        DateTimeOffset to, CancellationToken ct)
    {
        var group = groupBy switch
        {
            MetricGrouping.Type => "job_type",
            MetricGrouping.Project => "project_id::text",
            _ => "to_char(finished_at at time zone 'UTC', 'YYYY-MM-DD')",
        };
        await using var command = database.CreateCommand($"""
            select {group}, min(value), max(value), avg(value), count(*) from {MetricTables.Finals}
            where owner_id = $1 and name = $2 and finished_at >= $3 and finished_at < $4
            group by 1 order by 1 nulls first
            """);
        command.Parameters.AddWithValue(ownerId);
        command.Parameters.AddWithValue(metric);
        command.Parameters.AddWithValue(from.ToUniversalTime());
        command.Parameters.AddWithValue(to.ToUniversalTime());
        await using var reader = await command.ExecuteReaderAsync(ct);
        var groups = new List<MetricGroup>();
        while (await reader.ReadAsync(ct))
            groups.Add(new MetricGroup(reader.IsDBNull(0) ? null : reader.GetString(0), reader.GetDouble(1), reader.GetDouble(2), reader.GetDouble(3),
                reader.GetInt64(4)));
        return groups;
    }
}
