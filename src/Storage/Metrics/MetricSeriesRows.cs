using Npgsql;
using NpgsqlTypes;
using Platform.Contracts.Jobs;

namespace Platform.Storage.Metrics;

/// <summary>A series as stored: its stride, how many values were reported, and the points kept, oldest first.</summary>
public sealed record StoredSeries(long Stride, long Reported, IReadOnlyList<MetricPoint> Points)
{
    public static StoredSeries Empty { get; } = new(1, 0, []);
}

/// <summary>Jobs' metric series in PostgreSQL: merged under their rows' locks, so hosts writing the same series take turns.</summary>
public sealed class MetricSeriesRows(NpgsqlDataSource database)
{
    private const string Columns = "stride, reported, point_steps, point_values, point_times";

    /// <summary>Replaces each of the series named with what <paramref name="merge"/> makes of it (an empty one when it is new), in one transaction.</summary>
    public async Task MergeAsync(IReadOnlyList<(Guid JobId, string Name)> series, Func<Guid, string, StoredSeries, StoredSeries> merge, CancellationToken ct)
    {
        if (series.Count == 0)
            return;
        // Created and locked in one order, so two hosts merging overlapping series never wait on each other in a circle.
        var ordered = series.OrderBy(s => s.JobId).ThenBy(s => s.Name, StringComparer.Ordinal).ToList();
        var (jobIds, names) = (ordered.Select(s => s.JobId).ToArray(), ordered.Select(s => s.Name).ToArray());
        await using var connection = await database.OpenConnectionAsync(ct);
        await using var transaction = await connection.BeginTransactionAsync(ct);
        await using (var create = new NpgsqlCommand($"""
            insert into {MetricTables.Series} (job_id, name, {Columns})
            select job_id, name, 1, 0, array[]::bigint[], array[]::double precision[], array[]::timestamptz[] from unnest($1::uuid[], $2::text[]) as s(job_id, name)
            on conflict do nothing
            """, connection, transaction))
        {
            create.Parameters.AddWithValue(jobIds);
            create.Parameters.AddWithValue(names);
            await create.ExecuteNonQueryAsync(ct);
        }
        var stored = new List<(Guid JobId, string Name, StoredSeries Series)>(series.Count);
        await using (var read = new NpgsqlCommand($"""
            select job_id, name, {Columns} from {MetricTables.Series}
            where (job_id, name) in (select * from unnest($1::uuid[], $2::text[])) order by job_id, name for update
            """, connection, transaction))
        {
            read.Parameters.AddWithValue(jobIds);
            read.Parameters.AddWithValue(names);
            await using var reader = await read.ExecuteReaderAsync(ct);
            while (await reader.ReadAsync(ct))
                stored.Add((reader.GetGuid(0), reader.GetString(1), SeriesOf(reader, 2)));
        }
        await using var batch = new NpgsqlBatch(connection, transaction);
        foreach (var (jobId, name, before) in stored)
        {
            var after = merge(jobId, name, before);
            var update = new NpgsqlBatchCommand(
                $"update {MetricTables.Series} set stride = $3, reported = $4, point_steps = $5, point_values = $6, point_times = $7 where job_id = $1 and name = $2");
            update.Parameters.AddWithValue(jobId);
            update.Parameters.AddWithValue(name);
            update.Parameters.AddWithValue(after.Stride);
            update.Parameters.AddWithValue(after.Reported);
            update.Parameters.AddWithValue(after.Points.Select(p => p.Step).ToArray());
            update.Parameters.AddWithValue(after.Points.Select(p => p.Value).ToArray());
            update.Parameters.AddWithValue(NpgsqlDbType.Array | NpgsqlDbType.TimestampTz, after.Points.Select(p => p.At.UtcDateTime).ToArray());
            batch.BatchCommands.Add(update);
        }
        await batch.ExecuteNonQueryAsync(ct);
        await transaction.CommitAsync(ct);
    }

    /// <summary>The job's series by name (only <paramref name="name"/>'s when given), each oldest first.</summary>
    public async Task<IReadOnlyDictionary<string, IReadOnlyList<MetricPoint>>> ReadAsync(Guid jobId, string? name, CancellationToken ct)
    {
        await using var command = database.CreateCommand(
            $"select name, {Columns} from {MetricTables.Series} where job_id = $1 and ($2::text is null or name = $2) and reported > 0 order by name");
        command.Parameters.AddWithValue(jobId);
        command.Parameters.AddWithValue(NpgsqlDbType.Text, (object?)name ?? DBNull.Value);
        await using var reader = await command.ExecuteReaderAsync(ct);
        var series = new SortedDictionary<string, IReadOnlyList<MetricPoint>>(StringComparer.Ordinal);
        while (await reader.ReadAsync(ct))
            series[reader.GetString(0)] = SeriesOf(reader, 1).Points;
        return series;
    }

    private static StoredSeries SeriesOf(NpgsqlDataReader reader, int from)
    {
        var (steps, values, times) = (reader.GetFieldValue<long[]>(from + 2), reader.GetFieldValue<double[]>(from + 3), reader.GetFieldValue<DateTime[]>(from + 4));
        var points = new MetricPoint[steps.Length];
        for (var i = 0; i < points.Length; i++)
            points[i] = new MetricPoint(steps[i], values[i], new DateTimeOffset(DateTime.SpecifyKind(times[i], DateTimeKind.Utc)));
        return new StoredSeries(reader.GetInt64(from), reader.GetInt64(from + 1), points);
    }
}
