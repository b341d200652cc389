using Npgsql;
using Platform.Storage.Files;

namespace Platform.Storage.Artifacts;

/// <summary>A stored artifact: its object's key, whose job and which run of it stored it, and what it is.</summary>
public sealed record ArtifactRow(string Key, Guid JobId, Guid OwnerId, string Holder, string Name, string ContentType, long Size, DateTimeOffset CreatedAt);

/// <summary>What a run holds besides the artifact being admitted (one of the same name it replaces not counted), and what its owner's storage holds.</summary>
public sealed record ArtifactHoldings(int Count, long Bytes, long OwnerBytes);

/// <summary>Artifacts' rows in PostgreSQL; a row is admitted under the owner's lock that files are admitted under, so both share one quota.</summary>
public sealed class ArtifactRows(NpgsqlDataSource database)
{
    private const string Columns = "key, job_id, owner_id, holder, name, content_type, size, created_at";

    /// <summary>What the run holds now, for a refusal before any byte is read.</summary>
    public async Task<ArtifactHoldings> HoldingsAsync(Guid ownerId, Guid jobId, string holder, string name, CancellationToken ct)
    {
        await using var connection = await database.OpenConnectionAsync(ct);
        return await HoldingsAsync(connection, null, ownerId, jobId, holder, name, ct);
    }

    /// <summary>
    /// Stores the row unless <paramref name="refusalFor"/> refuses what its run and owner would then hold; a row of the
    /// same run and name is replaced, and its key returned for its bytes to be removed.
    /// </summary>
    public async Task<(T? Refusal, string? Replaced)> AdmitAsync<T>(ArtifactRow row, Func<ArtifactHoldings, T?> refusalFor, CancellationToken ct) where T : class
    {
        await using var connection = await database.OpenConnectionAsync(ct);
        await using var transaction = await connection.BeginTransactionAsync(ct);
        await UserFiles.LockOwnerAsync(transaction, row.OwnerId, ct);
        if (refusalFor(await HoldingsAsync(connection, transaction, row.OwnerId, row.JobId, row.Holder, row.Name, ct)) is { } refusal)
            return (refusal, null);
        string? replaced;
        await using (var delete = new NpgsqlCommand(
                         $"delete from {ArtifactTable.Name} where job_id = $1 and holder = $2 and name = $3 returning key", connection, transaction))
        {
            delete.Parameters.AddWithValue(row.JobId);
            delete.Parameters.AddWithValue(row.Holder);
            delete.Parameters.AddWithValue(row.Name);
            replaced = (string?)await delete.ExecuteScalarAsync(ct);
        }
        await using (var insert = new NpgsqlCommand($"insert into {ArtifactTable.Name} ({Columns}) values ($1, $2, $3, $4, $5, $6, $7, $8)", connection, transaction))
        {
            foreach (var value in new object[] { row.Key, row.JobId, row.OwnerId, row.Holder, row.Name, row.ContentType, row.Size, row.CreatedAt.ToUniversalTime() })
                insert.Parameters.Add(new NpgsqlParameter { Value = value });
            await insert.ExecuteNonQueryAsync(ct);
        }
        await transaction.CommitAsync(ct);
        return (null, replaced);
    }

    private static async Task<ArtifactHoldings> HoldingsAsync(NpgsqlConnection connection, NpgsqlTransaction? transaction, Guid ownerId, Guid jobId,
        string holder, string name, CancellationToken ct)
    {
        await using var command = new NpgsqlCommand($"""
            select count(*)::int, coalesce(sum(size), 0)::bigint, {UserFiles.OwnerBytes}
            from {ArtifactTable.Name} where job_id = $2 and holder = $3 and name <> $4
            """, connection, transaction);
        command.Parameters.AddWithValue(ownerId);
        command.Parameters.AddWithValue(jobId);
        command.Parameters.AddWithValue(holder);
        command.Parameters.AddWithValue(name);
        await using var reader = await command.ExecuteReaderAsync(ct);
        await reader.ReadAsync(ct);
        return new ArtifactHoldings(reader.GetInt32(0), reader.GetInt64(1), reader.GetInt64(2));
    }

    /// <summary>The artifacts one run of the job stored, by name.</summary>
    public async Task<IReadOnlyList<ArtifactRow>> HeldByAsync(Guid jobId, string holder, CancellationToken ct)
    {
        await using var command = database.CreateCommand($"select {Columns} from {ArtifactTable.Name} where job_id = $1 and holder = $2 order by name");
        command.Parameters.AddWithValue(jobId);
        command.Parameters.AddWithValue(holder);
        await using var reader = await command.ExecuteReaderAsync(ct);
        var found = new List<ArtifactRow>();
        while (await reader.ReadAsync(ct))
            found.Add(new ArtifactRow(reader.GetString(0), reader.GetGuid(1), reader.GetGuid(2), reader.GetString(3), reader.GetString(4), reader.GetString(5),
                reader.GetInt64(6), reader.GetFieldValue<DateTimeOffset>(7)));
        return found;
    }

    /// <summary>The key of the job's artifact of that name, the newest if runs left several; null when it has no row.</summary>
    public async Task<string?> KeyOfAsync(Guid jobId, string name, CancellationToken ct)
    {
        await using var command = database.CreateCommand($"select key from {ArtifactTable.Name} where job_id = $1 and name = $2 order by created_at desc limit 1");
        command.Parameters.AddWithValue(jobId);
        command.Parameters.AddWithValue(name);
        return (string?)await command.ExecuteScalarAsync(ct);
    }

    /// <summary>The keys of the job's artifacts: only those <paramref name="onlyHolder"/> stored, and none <paramref name="keptHolder"/> stored, when given.</summary>
    public async Task<IReadOnlyList<string>> KeysAsync(Guid jobId, string? onlyHolder, string? keptHolder, CancellationToken ct)
    {
        await using var command = database.CreateCommand(
            $"select key from {ArtifactTable.Name} where job_id = $1 and ($2::text is null or holder = $2) and ($3::text is null or holder <> $3)");
        command.Parameters.AddWithValue(jobId);
        command.Parameters.AddWithValue(NpgsqlTypes.NpgsqlDbType.Text, (object?)onlyHolder ?? DBNull.Value);
        command.Parameters.AddWithValue(NpgsqlTypes.NpgsqlDbType.Text, (object?)keptHolder ?? DBNull.Value);
        await using var reader = await command.ExecuteReaderAsync(ct);
        var keys = new List<string>();
        while (await reader.ReadAsync(ct))
            keys.Add(reader.GetString(0));
        return keys;
    }

    /// <summary>Those of <paramref name="keys"/> that an artifact's row names.</summary>
    public async Task<IReadOnlySet<string>> ExistingKeysAsync(IReadOnlyCollection<string> keys, CancellationToken ct)
    {
        await using var command = database.CreateCommand($"select key from {ArtifactTable.Name} where key = any($1)");
        command.Parameters.AddWithValue(keys.ToArray());
        await using var reader = await command.ExecuteReaderAsync(ct);
        var found = new HashSet<string>(StringComparer.Ordinal);
        while (await reader.ReadAsync(ct))
            found.Add(reader.GetString(0));
        return found;
    }

    /// <summary>Removes the rows of these keys, once their bytes are gone: a row a crash left behind is found and removed again.</summary>
    public async Task DeleteAsync(IReadOnlyCollection<string> keys, CancellationToken ct)
    {
        if (keys.Count == 0)
            return;
        await using var command = database.CreateCommand($"delete from {ArtifactTable.Name} where key = any($1)");
        command.Parameters.AddWithValue(keys.ToArray());
        await command.ExecuteNonQueryAsync(ct);
    }
}
