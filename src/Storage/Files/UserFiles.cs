using Npgsql;
using Platform.Contracts.Files;
using Platform.Contracts.Jobs;
using Platform.Storage.Artifacts;

namespace Platform.Storage.Files;

/// <summary>The row of a stored file, with whose it is.</summary>
public sealed record StoredFile(Guid Id, Guid OwnerId, string Name, long Size, string ContentType, string Sha256, DateTimeOffset CreatedAt,
    Guid? ProjectId = null)
{
    public UserFile ToContract() => new(Id, Name, Size, ContentType, Sha256, CreatedAt, ProjectId);
}

/// <summary>Why a file was not admitted: too many files, or too many bytes, for its owner.</summary>
public enum FileRefusal
{
    None,
    TooManyFiles,
    OverQuota,
}

/// <summary>Users' files in PostgreSQL; their bytes are stored first, and only a file admitted here exists for anyone.</summary>
public sealed partial class UserFiles(NpgsqlDataSource database, FilesOptions options)
{
    internal const string Columns = "id, owner_id, name, size, content_type, sha256, created_at, project_id";

    // The first key of the advisory locks that serialize one user's uploads (and openings of resumable ones), so two cannot both take the last bytes of a quota.
    private const int AdmitLockSpace = 0xf11e5;

    /// <summary>SQL for the bytes owner <c>$1</c> holds, the one sum their quota is kept by: their files and their jobs' artifacts.</summary>
    internal static readonly string OwnerBytes =
        $"((select coalesce(sum(size), 0) from {FileTable.Name} where owner_id = $1) + (select coalesce(sum(size), 0) from {ArtifactTable.Name} where owner_id = $1))::bigint";

    /// <summary>The bytes the owner's files and jobs' artifacts take now.</summary>
    public async Task<long> UsedBytesAsync(Guid ownerId, CancellationToken ct)
    {
        await using var command = database.CreateCommand($"select {OwnerBytes}");
        command.Parameters.AddWithValue(ownerId);
        return (long)(await command.ExecuteScalarAsync(ct))!;
    }

    /// <summary>Holds, until <paramref name="transaction"/> ends, the lock that serializes what takes the owner's storage.</summary>
    public static Task LockOwnerAsync(NpgsqlTransaction transaction, Guid ownerId, CancellationToken ct) =>
        AdvisoryLocks.HoldAsync(transaction, AdmitLockSpace, ownerId.ToString(), ct);

    /// <summary>The file, whoever owns it; for what has already proven its right to it (a signed link, a job's run).</summary>
    public async Task<StoredFile?> GetAsync(Guid id, CancellationToken ct) => (await FindAsync([id], ownerId: null, ct)).FirstOrDefault();

    /// <summary>The owner's file; another user's is as absent as an unknown one.</summary>
    public async Task<StoredFile?> GetOwnedAsync(Guid id, Guid ownerId, CancellationToken ct) => (await FindAsync([id], ownerId, ct)).FirstOrDefault();

    /// <summary>Those of <paramref name="ids"/> that are the owner's files.</summary>
    public Task<IReadOnlyList<StoredFile>> GetManyOwnedAsync(IReadOnlyCollection<Guid> ids, Guid ownerId, CancellationToken ct) =>
        FindAsync(ids, ownerId, ct);

    private async Task<IReadOnlyList<StoredFile>> FindAsync(IReadOnlyCollection<Guid> ids, Guid? ownerId, CancellationToken ct)
    {
        await using var command = database.CreateCommand(
            $"select {Columns} from {FileTable.Name} where id = any($1) and ($2::uuid is null or owner_id = $2)");
        command.Parameters.AddWithValue(ids.ToArray());
        command.Parameters.AddWithValue(NpgsqlTypes.NpgsqlDbType.Uuid, (object?)ownerId ?? DBNull.Value);
        return await ReadAllAsync(command, ct);
    }

    /// <summary>A page of the owner's files, newest first; only those of <paramref name="projectId"/> when one is given.</summary>
    public async Task<Page<UserFile>> ListAsync(Guid ownerId, Guid? projectId, int page, int pageSize, CancellationToken ct)
    {
        const string mine = "owner_id = $1 and ($2::uuid is null or project_id = $2)";
        await using var batch = database.CreateBatch();
        var items = new NpgsqlBatchCommand($"select {Columns} from {FileTable.Name} where {mine} order by created_at desc, id desc offset $3 limit $4");
        items.Parameters.Add(new NpgsqlParameter { Value = ownerId });
        items.Parameters.Add(new NpgsqlParameter { NpgsqlDbType = NpgsqlTypes.NpgsqlDbType.Uuid, Value = (object?)projectId ?? DBNull.Value });
        items.Parameters.Add(new NpgsqlParameter { Value = (page - 1) * pageSize });
        items.Parameters.Add(new NpgsqlParameter { Value = pageSize });
        var count = new NpgsqlBatchCommand($"select count(*) from {FileTable.Name} where {mine}");
        count.Parameters.Add(new NpgsqlParameter { Value = ownerId });
        count.Parameters.Add(new NpgsqlParameter { NpgsqlDbType = NpgsqlTypes.NpgsqlDbType.Uuid, Value = (object?)projectId ?? DBNull.Value });
        batch.BatchCommands.Add(items);
        batch.BatchCommands.Add(count);
        await using var reader = await batch.ExecuteReaderAsync(ct);
        var found = new List<UserFile>();
        while (await reader.ReadAsync(ct))
            found.Add(Read(reader).ToContract());
        await reader.NextResultAsync(ct);
        await reader.ReadAsync(ct);
        return new Page<UserFile>(found, reader.GetInt64(0), page, pageSize);
    }

    /// <summary>Removes the owner's file's row; false when they have no such file.</summary>
    public async Task<bool> DeleteOwnedAsync(Guid id, Guid ownerId, CancellationToken ct)
    {
        await using var command = database.CreateCommand($"delete from {FileTable.Name} where id = $1 and owner_id = $2");
        command.Parameters.AddWithValue(id);
        command.Parameters.AddWithValue(ownerId);
        return await command.ExecuteNonQueryAsync(ct) == 1;
    }

    /// <summary>Up to <paramref name="limit"/> files uploaded before <paramref name="before"/>, oldest first.</summary>
    public async Task<IReadOnlyList<StoredFile>> UploadedBeforeAsync(DateTimeOffset before, int limit, CancellationToken ct)
    {
        await using var command = database.CreateCommand($"select {Columns} from {FileTable.Name} where created_at < $1 order by created_at limit $2");
        command.Parameters.AddWithValue(before.ToUniversalTime());
        command.Parameters.AddWithValue(limit);
        return await ReadAllAsync(command, ct);
    }

    private static async Task<IReadOnlyList<StoredFile>> ReadAllAsync(NpgsqlCommand command, CancellationToken ct)
    {
        await using var reader = await command.ExecuteReaderAsync(ct);
        var found = new List<StoredFile>();
        while (await reader.ReadAsync(ct))
            found.Add(Read(reader));
        return found;
    }

    private static StoredFile Read(NpgsqlDataReader reader) => new(reader.GetGuid(0), reader.GetGuid(1), reader.GetString(2), reader.GetInt64(3),
        reader.GetString(4), reader.GetString(5), reader.GetFieldValue<DateTimeOffset>(6), reader.IsDBNull(7) ? null : reader.GetGuid(7));

    /// <summary>Those of <paramref name="ids"/> that are files, whoever owns them.</summary>
    public async Task<IReadOnlySet<Guid>> ExistingAsync(IReadOnlyCollection<Guid> ids, CancellationToken ct) =>
        (await FindAsync(ids, ownerId: null, ct)).Select(file => file.Id).ToHashSet();

    /// <summary>Where files' bytes are kept in the object store, each under <see cref="KeyOf"/>.</summary>
    public const string Prefix = "files/";

    /// <summary>The key of a file's bytes in the object store.</summary>
    public static string KeyOf(Guid id) => $"{Prefix}{id:N}";

    /// <summary>The file whose bytes <paramref name="key"/> holds; null when it is no key of <see cref="KeyOf"/>.</summary>
    public static Guid? FileIdOf(string key) =>
        key.StartsWith(Prefix, StringComparison.Ordinal) && Guid.TryParseExact(key[Prefix.Length..], "N", out var id) ? id : null;
}
