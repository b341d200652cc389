using Npgsql;
using Platform.Storage.Outcomes;

namespace Platform.Storage.Files;

/// <summary>
/// A resumable upload's row: <see cref="Chunks"/> are the keys of its stored parts in order, <see cref="FileId"/> the file
/// it became, <see cref="ProjectId"/> the owner's project that file goes into.
/// </summary>
public sealed record UploadRecord(Guid Id, Guid OwnerId, string Name, string? DeclaredType, long Length, long Received,
    IReadOnlyList<string> Chunks, Guid? FileId, DateTimeOffset ExpiresAt, Guid? ProjectId = null);

/// <summary>What an owner holds when they open another upload: their files (with their jobs' artifacts' bytes), and their open uploads with the lengths those announced.</summary>
public sealed record UploadHoldings(int Files, long FileBytes, int OpenUploads, long OpenUploadBytes);

/// <summary>Resumable uploads in PostgreSQL. An upload past its expiry is as absent as an unknown one, before it is removed too.</summary>
public sealed class UploadRows(NpgsqlDataSource database)
{
    private const string Columns = "id, owner_id, name, declared_type, length, received, chunks, file_id, expires_at, project_id";

    /// <summary>Stores the new upload unless <paramref name="refusalFor"/> refuses what its owner holds, judged under the lock files are admitted under.</summary>
    public async Task<Refusal?> OpenAsync(UploadRecord upload, DateTimeOffset now, Func<UploadHoldings, Refusal?> refusalFor, CancellationToken ct)
    {
        await using var connection = await database.OpenConnectionAsync(ct);
        await using var transaction = await connection.BeginTransactionAsync(ct);
        await UserFiles.LockOwnerAsync(transaction, upload.OwnerId, ct);
        await using (var held = new NpgsqlCommand($"""
            select (select count(*)::int from {FileTable.Name} where owner_id = $1),
                   {UserFiles.OwnerBytes},
                   count(*)::int, coalesce(sum(length), 0)::bigint
            from {UploadTable.Name} where owner_id = $1 and file_id is null and expires_at > $2
            """, connection, transaction))
        {
            held.Parameters.AddWithValue(upload.OwnerId);
            held.Parameters.AddWithValue(now.ToUniversalTime());
            await using var reader = await held.ExecuteReaderAsync(ct);
            await reader.ReadAsync(ct);
            if (refusalFor(new UploadHoldings(reader.GetInt32(0), reader.GetInt64(1), reader.GetInt32(2), reader.GetInt64(3))) is { } refusal)
                return refusal;
        }
        await using (var insert = new NpgsqlCommand(
                         $"insert into {UploadTable.Name} ({Columns}) values ($1, $2, $3, $4, $5, 0, '{{}}', null, $6, $7)", connection, transaction))
        {
            insert.Parameters.AddWithValue(upload.Id);
            insert.Parameters.AddWithValue(upload.OwnerId);
            insert.Parameters.AddWithValue(upload.Name);
            insert.Parameters.AddWithValue(NpgsqlTypes.NpgsqlDbType.Text, (object?)upload.DeclaredType ?? DBNull.Value);
            insert.Parameters.AddWithValue(upload.Length);
            insert.Parameters.AddWithValue(upload.ExpiresAt.ToUniversalTime());
            insert.Parameters.AddWithValue(NpgsqlTypes.NpgsqlDbType.Uuid, (object?)upload.ProjectId ?? DBNull.Value);
            await insert.ExecuteNonQueryAsync(ct);
        }
        await transaction.CommitAsync(ct);
        return null;
    }

    /// <summary>The owner's upload while it has not expired; another user's is as absent as an unknown one.</summary>
    public async Task<UploadRecord?> FindOwnedAsync(Guid id, Guid ownerId, DateTimeOffset now, CancellationToken ct)
    {
        await using var command = database.CreateCommand($"select {Columns} from {UploadTable.Name} where id = $1 and owner_id = $2 and expires_at > $3");
        command.Parameters.AddWithValue(id);
        command.Parameters.AddWithValue(ownerId);
        command.Parameters.AddWithValue(now.ToUniversalTime());
        await using var reader = await command.ExecuteReaderAsync(ct);
        return await reader.ReadAsync(ct) ? Read(reader) : null;
    }

    /// <summary>
    /// Moves the upload's offset from <paramref name="expected"/> past a stored part of <paramref name="count"/> bytes under
    /// <paramref name="key"/>; false, changing nothing, when the offset has moved meanwhile or the upload is gone.
    /// </summary>
    public async Task<bool> AdvanceAsync(Guid id, long expected, long count, string key, DateTimeOffset expiresAt, DateTimeOffset now, CancellationToken ct)
    {
        await using var command = database.CreateCommand($"""
            update {UploadTable.Name} set received = received + $3, chunks = array_append(chunks, $4), expires_at = $5
            where id = $1 and received = $2 and file_id is null and expires_at > $6
            """);
        command.Parameters.AddWithValue(id);
        command.Parameters.AddWithValue(expected);
        command.Parameters.AddWithValue(count);
        command.Parameters.AddWithValue(key);
        command.Parameters.AddWithValue(expiresAt.ToUniversalTime());
        command.Parameters.AddWithValue(now.ToUniversalTime());
        return await command.ExecuteNonQueryAsync(ct) == 1;
    }

    /// <summary>Those of <paramref name="ids"/> that are uploads still taking parts: not yet their file, expired or not.</summary>
    public async Task<IReadOnlySet<Guid>> OpenAsync(IReadOnlyCollection<Guid> ids, CancellationToken ct)
    {
        await using var command = database.CreateCommand($"select id from {UploadTable.Name} where id = any($1) and file_id is null");
        command.Parameters.AddWithValue(ids.ToArray());
        await using var reader = await command.ExecuteReaderAsync(ct);
        var open = new HashSet<Guid>();
        while (await reader.ReadAsync(ct))
            open.Add(reader.GetGuid(0));
        return open;
    }

    /// <summary>Records the file the upload became; its parts are no longer needed.</summary>
    public async Task CompleteAsync(Guid id, Guid fileId, CancellationToken ct)
    {
        await using var command = database.CreateCommand($"update {UploadTable.Name} set file_id = $2, chunks = '{{}}' where id = $1");
        command.Parameters.AddWithValue(id);
        command.Parameters.AddWithValue(fileId);
        await command.ExecuteNonQueryAsync(ct);
    }

    public async Task DeleteAsync(Guid id, CancellationToken ct)
    {
        await using var command = database.CreateCommand($"delete from {UploadTable.Name} where id = $1");
        command.Parameters.AddWithValue(id);
        await command.ExecuteNonQueryAsync(ct);
    }

    /// <summary>Removes the owner's upload's row; false when they have no such upload open.</summary>
    public async Task<bool> DeleteOwnedAsync(Guid id, Guid ownerId, DateTimeOffset now, CancellationToken ct)
    {
        await using var command = database.CreateCommand($"delete from {UploadTable.Name} where id = $1 and owner_id = $2 and expires_at > $3");
        command.Parameters.AddWithValue(id);
        command.Parameters.AddWithValue(ownerId);
        command.Parameters.AddWithValue(now.ToUniversalTime());
        return await command.ExecuteNonQueryAsync(ct) == 1;
    }

    /// <summary>Removes up to <paramref name="batch"/> rows expired by <paramref name="now"/>, skipping those another host is removing; answers their ids.</summary>
    public async Task<IReadOnlyList<Guid>> DeleteExpiredAsync(DateTimeOffset now, int batch, CancellationToken ct)
    {
        await using var command = database.CreateCommand($"""
            delete from {UploadTable.Name} where id in (
                select id from {UploadTable.Name} where expires_at <= $1 order by expires_at limit $2 for update skip locked)
            returning id
            """);
        command.Parameters.AddWithValue(now.ToUniversalTime());
        command.Parameters.AddWithValue(batch);
        await using var reader = await command.ExecuteReaderAsync(ct);
        var removed = new List<Guid>();
        while (await reader.ReadAsync(ct))
            removed.Add(reader.GetGuid(0));
        return removed;
    }

    private static UploadRecord Read(NpgsqlDataReader reader) => new(reader.GetGuid(0), reader.GetGuid(1), reader.GetString(2),
        reader.IsDBNull(3) ? null : reader.GetString(3), reader.GetInt64(4), reader.GetInt64(5), reader.GetFieldValue<string[]>(6),
        reader.IsDBNull(7) ? null : reader.GetGuid(7), reader.GetFieldValue<DateTimeOffset>(8), reader.IsDBNull(9) ? null : reader.GetGuid(9));
}
