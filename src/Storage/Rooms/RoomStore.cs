using Npgsql;
using Platform.Contracts.Rooms;

namespace Platform.Storage.Rooms;

/// <summary>
/// A room as stored, with how many members it has. <see cref="AccessVersion"/> counts the changes that took read access
/// from someone (made private, a member removed); a message is stored with the version it was stored under.
/// </summary>
public sealed record RoomRecord(Guid Id, string Name, string? Topic, RoomVisibility Visibility, Guid CreatedBy, DateTimeOffset CreatedAt,
    DateTimeOffset? ArchivedAt, long LastSeq, int? RetentionDays, int Members, long AccessVersion);

/// <summary>A room the caller belongs to, with their role and how many messages of others came after their read marker.</summary>
public sealed record MembershipRecord(RoomRecord Room, RoomRole Role, long Unread);

/// <summary>
/// Rooms, members and messages in PostgreSQL; who may do what is decided by the caller, not here. This part holds the
/// rooms themselves; members, messages, reactions and mentions have a part each.
/// </summary>
public sealed partial class RoomStore(NpgsqlDataSource database)
{
    private const string RoomColumns = $"""
        r.id, r.name, r.topic, r.visibility, r.created_by, r.created_at, r.archived_at, r.last_seq, r.retention_days,
        (select count(*)::int from {RoomTables.Members} c where c.room_id = r.id), r.access_version
        """;

    // The columns of RoomColumns: what a query selects after them starts at this index.
    private const int RoomColumnCount = 11;

    // The first key of the advisory locks that serialize one user's room creations; the second is the user's hash.
    private const int CreateLockSpace = 0x500c5;

    /// <summary>Stores a room with its creator as owner, unless they already own <paramref name="maxOwned"/> rooms.</summary>
    public async Task<RoomRecord?> CreateAsync(Guid id, string name, string? topic, RoomVisibility visibility, int? retentionDays, Guid ownerId,
        DateTimeOffset now, int maxOwned, CancellationToken ct)
    {
        // PostgreSQL keeps microseconds: what is answered at once is what is read back later.
        now = StoredTime.Of(now);
        await using var connection = await database.OpenConnectionAsync(ct);
        await using var transaction = await connection.BeginTransactionAsync(ct);
        await AdvisoryLocks.HoldAsync(transaction, CreateLockSpace, ownerId.ToString(), ct);
        await using (var count = new NpgsqlCommand($"select count(*)::int from {RoomTables.Members} where user_id = $1 and role = 'owner'", connection, transaction))
        {
            count.Parameters.AddWithValue(ownerId);
            if ((int)(await count.ExecuteScalarAsync(ct))! >= maxOwned)
                return null;
        }
        await using (var insert = new NpgsqlCommand($"""
            with room as (
                insert into {RoomTables.Rooms} (id, name, topic, visibility, created_by, created_at, retention_days)
                values ($1, $2, $3, $4, $5, $6, $7) returning id)
            insert into {RoomTables.Members} (room_id, user_id, role, joined_at) select id, $5, 'owner', $6 from room
            """, connection, transaction))
        {
            insert.Parameters.AddWithValue(id);
            insert.Parameters.AddWithValue(name);
            insert.Parameters.AddWithValue(NpgsqlTypes.NpgsqlDbType.Text, (object?)topic ?? DBNull.Value);
            insert.Parameters.AddWithValue(Text(visibility));
            insert.Parameters.AddWithValue(ownerId);
            insert.Parameters.AddWithValue(now.ToUniversalTime());
            insert.Parameters.AddWithValue(NpgsqlTypes.NpgsqlDbType.Integer, (object?)retentionDays ?? DBNull.Value);
            await insert.ExecuteNonQueryAsync(ct);
        }
        await transaction.CommitAsync(ct);
        return new RoomRecord(id, name, topic, visibility, ownerId, now, null, 0, retentionDays, 1, 0);
    }

    public async Task<RoomRecord?> GetAsync(Guid roomId, CancellationToken ct)
    {
        await using var command = database.CreateCommand($"select {RoomColumns} from {RoomTables.Rooms} r where r.id = $1");
        command.Parameters.AddWithValue(roomId);
        await using var reader = await command.ExecuteReaderAsync(ct);
        return await reader.ReadAsync(ct) ? ReadRoom(reader) : null;
    }

    /// <summary>
    /// The room and <paramref name="userId"/>'s membership of it, for deciding what they may do. The room is read first:
    /// a change that took access away after that read has a higher <see cref="RoomRecord.AccessVersion"/> than the one
    /// answered, so whoever relies on the answer up to that version relies on nothing it missed.
    /// </summary>
    public async Task<(RoomRecord? Room, MemberRecord? Member)> AccessAsync(Guid roomId, Guid? userId, CancellationToken ct)
    {
        var room = await GetAsync(roomId, ct);
        return (room, room is null || userId is not { } id ? null : await MemberAsync(roomId, id, ct));
    }

    /// <summary>The room's <see cref="RoomRecord.AccessVersion"/> now; null when it is gone.</summary>
    public async Task<long?> AccessVersionAsync(Guid roomId, CancellationToken ct)
    {
        await using var command = database.CreateCommand($"select access_version from {RoomTables.Rooms} where id = $1");
        command.Parameters.AddWithValue(roomId);
        return await command.ExecuteScalarAsync(ct) as long?;
    }


    /// <summary>The rooms <paramref name="userId"/> belongs to, newest activity first, with their role and unread count.</summary>
    public Task<IReadOnlyList<MembershipRecord>> ListMineAsync(Guid userId, CancellationToken ct) => MembershipsAsync(userId, null, ct);

    /// <summary>One room <paramref name="userId"/> belongs to, with their role and unread count; null when they are not a member.</summary>
    public async Task<MembershipRecord?> MembershipAsync(Guid roomId, Guid userId, CancellationToken ct) =>
        (await MembershipsAsync(userId, roomId, ct)).SingleOrDefault();

    // Unread: others' messages after the member's read marker, deleted ones not counted.
    private async Task<IReadOnlyList<MembershipRecord>> MembershipsAsync(Guid userId, Guid? roomId, CancellationToken ct)
    {
        await using var command = database.CreateCommand($"""
            select {RoomColumns}, m.role,
                (select count(*) from {RoomTables.Messages} x
                 where x.room_id = r.id and x.seq > m.last_read_seq and x.author_id is distinct from m.user_id and x.deleted_at is null)
            from {RoomTables.Members} m join {RoomTables.Rooms} r on r.id = m.room_id
            where m.user_id = $1 and ($2::uuid is null or m.room_id = $2)
            order by r.last_seq desc, r.created_at desc
            """);
        command.Parameters.AddWithValue(userId);
        command.Parameters.AddWithValue(NpgsqlTypes.NpgsqlDbType.Uuid, (object?)roomId ?? DBNull.Value);
        return await ReadAllAsync(command,
            reader => new MembershipRecord(ReadRoom(reader), RoleOf(reader.GetString(RoomColumnCount)), reader.GetInt64(RoomColumnCount + 1)), ct);
    }

    /// <summary>Public rooms not archived, by name, optionally whose name contains <paramref name="search"/>.</summary>
    public Task<(IReadOnlyList<RoomRecord> Rooms, long Total)> ListPublicAsync(string? search, int page, int pageSize, CancellationToken ct) =>
        ListAsync("r.visibility = 'public' and r.archived_at is null", "r.name, r.id", search, page, pageSize, ct);

    /// <summary>Every room, newest first, for admins.</summary>
    public Task<(IReadOnlyList<RoomRecord> Rooms, long Total)> ListAllAsync(string? search, int page, int pageSize, CancellationToken ct) =>
        ListAsync("true", "r.created_at desc, r.id", search, page, pageSize, ct);

    private async Task<(IReadOnlyList<RoomRecord> Rooms, long Total)> ListAsync(string where, string orderBy, string? search, int page, int pageSize,
        CancellationToken ct)
    {
        await using var command = database.CreateCommand($"""
            select {RoomColumns}, count(*) over ()
            from {RoomTables.Rooms} r
            where {where} and ($1::text is null or strpos(lower(r.name), lower($1)) > 0)
            order by {orderBy}
            limit $2 offset $3
            """);
        command.Parameters.AddWithValue(NpgsqlTypes.NpgsqlDbType.Text, (object?)search ?? DBNull.Value);
        command.Parameters.AddWithValue(pageSize);
        command.Parameters.AddWithValue((page - 1) * pageSize);
        var rooms = new List<RoomRecord>();
        long total = 0;
        await using var reader = await command.ExecuteReaderAsync(ct);
        while (await reader.ReadAsync(ct))
        {
            rooms.Add(ReadRoom(reader));
            total = reader.GetInt64(RoomColumnCount);
        }
        return (rooms, total);
    }

    /// <summary>
    /// Changes what is given; <paramref name="keepForever"/> clears the retention. Making a public room private takes
    /// access from its readers who are not members: the room's access version after the change, and whether it did that.
    /// </summary>
    public async Task<(long AccessVersion, bool MadePrivate)?> UpdateAsync(Guid roomId, string? name, string? topic, RoomVisibility? visibility, int? retentionDays, bool keepForever,
        bool? archived, DateTimeOffset now, CancellationToken ct)
    {
        // The row is locked before it is read, so what it was is what this very change changed: the version moves only
        // when it makes the room private.
        await using var command = database.CreateCommand($"""
            with before as (select visibility = 'public' and $4 is not distinct from 'private' as made_private
                            from {RoomTables.Rooms} where id = $1 for update)
            update {RoomTables.Rooms} set
                name = coalesce($2, name),
                topic = coalesce($3, topic),
                visibility = coalesce($4, visibility),
                retention_days = case when $6 then null else coalesce($5, retention_days) end,
                archived_at = case when $7 is null then archived_at when $7 then coalesce(archived_at, $8) else null end,
                access_version = access_version + before.made_private::int
            from before
            where id = $1
            returning access_version, before.made_private
            """);
        command.Parameters.AddWithValue(roomId);
        command.Parameters.AddWithValue(NpgsqlTypes.NpgsqlDbType.Text, (object?)name ?? DBNull.Value);
        command.Parameters.AddWithValue(NpgsqlTypes.NpgsqlDbType.Text, (object?)topic ?? DBNull.Value);
        command.Parameters.AddWithValue(NpgsqlTypes.NpgsqlDbType.Text, visibility is { } v ? Text(v) : DBNull.Value);
        command.Parameters.AddWithValue(NpgsqlTypes.NpgsqlDbType.Integer, (object?)retentionDays ?? DBNull.Value);
        command.Parameters.AddWithValue(keepForever);
        command.Parameters.AddWithValue(NpgsqlTypes.NpgsqlDbType.Boolean, (object?)archived ?? DBNull.Value);
        command.Parameters.AddWithValue(now.ToUniversalTime());
        await using var reader = await command.ExecuteReaderAsync(ct);
        return await reader.ReadAsync(ct) ? (reader.GetInt64(0), reader.GetBoolean(1)) : null;
    }

    /// <summary>Deletes the room with its members and messages.</summary>
    public async Task<bool> DeleteAsync(Guid roomId, CancellationToken ct)
    {
        await using var command = database.CreateCommand($"""
            with messages as (delete from {RoomTables.Messages} where room_id = $1),
                 reactions as (delete from {RoomTables.Reactions} where room_id = $1),
                 members as (delete from {RoomTables.Members} where room_id = $1)
            delete from {RoomTables.Rooms} where id = $1
            """);
        command.Parameters.AddWithValue(roomId);
        return await command.ExecuteNonQueryAsync(ct) > 0;
    }

    // Every row the command answers, each read by read.
    private static async Task<IReadOnlyList<T>> ReadAllAsync<T>(NpgsqlCommand command, Func<NpgsqlDataReader, T> read, CancellationToken ct)
    {
        var rows = new List<T>();
        await using var reader = await command.ExecuteReaderAsync(ct);
        while (await reader.ReadAsync(ct))
            rows.Add(read(reader));
        return rows;
    }

    private static RoomRecord ReadRoom(NpgsqlDataReader reader) => new(
        reader.GetGuid(0), reader.GetString(1), reader.IsDBNull(2) ? null : reader.GetString(2),
        reader.GetString(3) == "private" ? RoomVisibility.Private : RoomVisibility.Public,
        reader.GetGuid(4), reader.GetFieldValue<DateTimeOffset>(5), reader.IsDBNull(6) ? null : reader.GetFieldValue<DateTimeOffset>(6),
        reader.GetInt64(7), reader.IsDBNull(8) ? null : reader.GetInt32(8), reader.GetInt32(9), reader.GetInt64(10));

    private static string Text(RoomVisibility visibility) => visibility.ToString().ToLowerInvariant();
}