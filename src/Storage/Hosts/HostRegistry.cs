using Npgsql;
using Weasel.Postgresql;
using Weasel.Postgresql.Tables;

namespace Platform.Storage.Hosts;

/// <summary>
/// Every host's last beat, one row a host, in PostgreSQL: the hosts share it already, and it outlives a Redis outage,
/// which is when an operator most needs to see which hosts are alive. A host that stops beating stays listed (as gone)
/// until it has been silent for longer than a removal age.
/// </summary>
public sealed class HostRegistry(NpgsqlDataSource database)
{
    private const string Name = StorageExtensions.Schema + ".hosts";

    public static Table Table()
    {
        var table = new Table(new PostgresqlObjectName(StorageExtensions.Schema, "hosts", SchemaUtils.IdentifierUsage.General));
        table.AddColumn<string>("name").AsPrimaryKey();
        table.AddColumn<string>("version").NotNull();
        table.AddColumn("started_at", "timestamptz").NotNull();
        table.AddColumn("last_beat_at", "timestamptz").NotNull();
        table.AddColumn("stopped_at", "timestamptz").AllowNulls();
        table.AddColumn<int>("workers").NotNull();
        table.AddColumn<int>("jobs_running").NotNull();
        table.AddColumn<int>("hub_connections").NotNull();
        table.AddColumn<long>("jobs_succeeded").NotNull().DefaultValueByExpression("0");
        table.AddColumn<long>("jobs_failed").NotNull().DefaultValueByExpression("0");
        return table;
    }

    /// <summary>Records the host's beat: it is alive now, with these figures.</summary>
    public async Task BeatAsync(HostBeat beat, CancellationToken ct)
    {
        await using var command = database.CreateCommand($"""
            insert into {Name} (name, version, started_at, last_beat_at, workers, jobs_running, hub_connections, jobs_succeeded, jobs_failed)
            values ($1, $2, $3, now(), $4, $5, $6, $7, $8)
            on conflict (name) do update set version = $2, last_beat_at = now(), stopped_at = null,
                workers = $4, jobs_running = $5, hub_connections = $6, jobs_succeeded = $7, jobs_failed = $8
            """);
        command.Parameters.AddWithValue(beat.Name);
        command.Parameters.AddWithValue(beat.Version);
        command.Parameters.AddWithValue(beat.StartedAt.ToUniversalTime());
        command.Parameters.AddWithValue(beat.Workers);
        command.Parameters.AddWithValue(beat.JobsRunning);
        command.Parameters.AddWithValue(beat.HubConnections);
        command.Parameters.AddWithValue(beat.JobsSucceeded);
        command.Parameters.AddWithValue(beat.JobsFailed);
        await command.ExecuteNonQueryAsync(ct);
    }

    /// <summary>Records that the host stopped on purpose, running nothing.</summary>
    public async Task StopAsync(string name, CancellationToken ct)
    {
        await using var command = database.CreateCommand(
            $"update {Name} set stopped_at = now(), last_beat_at = now(), jobs_running = 0, hub_connections = 0 where name = $1");
        command.Parameters.AddWithValue(name);
        await command.ExecuteNonQueryAsync(ct);
    }

    /// <summary>Forgets hosts silent for longer than <paramref name="silentFor"/>.</summary>
    public async Task RemoveSilentAsync(TimeSpan silentFor, CancellationToken ct)
    {
        await using var command = database.CreateCommand($"delete from {Name} where last_beat_at < now() - $1");
        command.Parameters.AddWithValue(silentFor);
        await command.ExecuteNonQueryAsync(ct);
    }

    /// <summary>Every host's last beat, by name, with how long ago it was by the database's clock.</summary>
    public async Task<IReadOnlyList<HostRecord>> ListAsync(CancellationToken ct)
    {
        await using var command = database.CreateCommand($"""
            select name, version, started_at, last_beat_at, now() - last_beat_at, stopped_at, workers, jobs_running, hub_connections,
                jobs_succeeded, jobs_failed
            from {Name} order by name
            """);
        var hosts = new List<HostRecord>();
        await using var reader = await command.ExecuteReaderAsync(ct);
        while (await reader.ReadAsync(ct))
            hosts.Add(new HostRecord(
                new HostBeat(reader.GetString(0), reader.GetString(1), reader.GetFieldValue<DateTimeOffset>(2), reader.GetInt32(6), reader.GetInt32(7), reader.GetInt32(8),
                    reader.GetInt64(9), reader.GetInt64(10)),
                reader.GetFieldValue<DateTimeOffset>(3),
                reader.GetTimeSpan(4),
                reader.IsDBNull(5) ? null : reader.GetFieldValue<DateTimeOffset>(5)));
        return hosts;
    }
}

/// <summary>A host's last beat; <see cref="Silent"/> is how long ago it was, by the database's clock.</summary>
public sealed record HostRecord(HostBeat Beat, DateTimeOffset LastBeatAt, TimeSpan Silent, DateTimeOffset? StoppedAt);

/// <summary>What a host says of itself when it beats; the job counts are of the jobs whose end it stored since it started.</summary>
public sealed record HostBeat(string Name, string Version, DateTimeOffset StartedAt, int Workers, int JobsRunning, int HubConnections,
    long JobsSucceeded, long JobsFailed);
