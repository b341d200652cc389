using Npgsql;
using Platform.Contracts.Rooms;

namespace Platform.Storage.Rooms;

/// <summary>
/// A room as stored, with how many members it has. <see cref="AccessVersion"/> counts the changes that took read access
/// from someone (made private, a member removed); a message is stored with the version it was stored under.
/// </summary>
public sealed record RoomRecord(Guid Id, string Name, string? Topic, RoomVisibility Visibility, Guid CreatedBy, DateTimeOffset CreatedAt,
    DateTimeOffset? ArchivedAt, long LastSeq, int? RetentionDays, int Members, long AccessVersion);

/// <summary>A message as just stored, with its room's <see cref="RoomRecord.AccessVersion"/> at that moment.</summary>
public sealed record StoredMessage(ChatMessage Message, long AccessVersion);

public sealed record MemberRecord(Guid RoomId, Guid UserId, RoomRole Role, DateTimeOffset JoinedAt, long LastReadSeq);

/// <summary>A room the caller belongs to, with their role and how many messages of others came after their read marker.</summary>
public sealed record MembershipRecord(RoomRecord Room, RoomRole Role, long Unread);

/// <summary>Rooms, members and messages in PostgreSQL; who may do what is decided by the caller, not here.</summary>
public sealed partial class RoomStore(NpgsqlDataSource database)
{
    private const string RoomColumns = $"""
        r.id, r.name, r.topic, r.visibility, r.created_by, r.created_at, r.archived_at, r.last_seq, r.retention_days,
        (select count(*)::int from {RoomTables.Members} c where c.room_id = r.id), r.access_version
        """;

    // The columns of RoomColumns: what a query selects after them starts at this index.
    private const int RoomColumnCount = 11;

    internal const string MessageColumns = "id, room_id, seq, kind, author_id, author_name, text, sent_at, edited_at, deleted_at, job_id";

    // The first key of the advisory locks that serialize one user's room creations; the second is the user's hash.
    private const int CreateLockSpace = 0x500c5;

    /// <summary>Stores a room with its creator as owner, unless they already own <paramref name="maxOwned"/> rooms.</summary>
    public async Task<RoomRecord?> CreateAsync(Guid id, string name, string? topic, RoomVisibility visibility, int? retentionDays, Guid ownerId,
        DateTimeOffset now, int maxOwned, CancellationToken ct)
    {
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

    public async Task<MemberRecord?> MemberAsync(Guid roomId, Guid userId, CancellationToken ct)
    {
        await using var command = database.CreateCommand(
            $"select room_id, user_id, role, joined_at, last_read_seq from {RoomTables.Members} where room_id = $1 and user_id = $2");
        command.Parameters.AddWithValue(roomId);
        command.Parameters.AddWithValue(userId);
        await using var reader = await command.ExecuteReaderAsync(ct);
        return await reader.ReadAsync(ct) ? ReadMember(reader) : null;
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
        var rooms = new List<MembershipRecord>();
        await using var reader = await command.ExecuteReaderAsync(ct);
        while (await reader.ReadAsync(ct))
            rooms.Add(new MembershipRecord(ReadRoom(reader), RoleOf(reader.GetString(RoomColumnCount)), reader.GetInt64(RoomColumnCount + 1)));
        return rooms;
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

    public async Task<IReadOnlyList<MemberRecord>> MembersAsync(Guid roomId, CancellationToken ct)
    {
        await using var command = database.CreateCommand(
            $"select room_id, user_id, role, joined_at, last_read_seq from {RoomTables.Members} where room_id = $1 order by joined_at, user_id");
        command.Parameters.AddWithValue(roomId);
        var members = new List<MemberRecord>();
        await using var reader = await command.ExecuteReaderAsync(ct);
        while (await reader.ReadAsync(ct))
            members.Add(ReadMember(reader));
        return members;
    }

    /// <summary>Adds a member unless the room has <paramref name="maxMembers"/>; false when full. One already there keeps their role.</summary>
    public async Task<bool> AddMemberAsync(Guid roomId, Guid userId, RoomRole role, DateTimeOffset now, int maxMembers, CancellationToken ct)
    {
        await using var connection = await database.OpenConnectionAsync(ct);
        await using var transaction = await connection.BeginTransactionAsync(ct);
        // The room's row stays locked until commit, and the count below reads after the lock: concurrent joins take turns.
        await using (var lockRoom = new NpgsqlCommand($"select 1 from {RoomTables.Rooms} where id = $1 for update", connection, transaction))
        {
            lockRoom.Parameters.AddWithValue(roomId);
            if (await lockRoom.ExecuteScalarAsync(ct) is null)
                return false;
        }
        await using var insert = new NpgsqlCommand($"""
            insert into {RoomTables.Members} (room_id, user_id, role, joined_at)
            select $1, $2, $3, $4 where (select count(*) from {RoomTables.Members} where room_id = $1) < $5
                or exists (select 1 from {RoomTables.Members} where room_id = $1 and user_id = $2)
            on conflict (room_id, user_id) do nothing
            returning 1
            """, connection, transaction);
        insert.Parameters.AddWithValue(roomId);
        insert.Parameters.AddWithValue(userId);
        insert.Parameters.AddWithValue(Text(role));
        insert.Parameters.AddWithValue(now.ToUniversalTime());
        insert.Parameters.AddWithValue((long)maxMembers);
        var added = await insert.ExecuteScalarAsync(ct) is not null;
        await transaction.CommitAsync(ct);
        return added || await MemberAsync(roomId, userId, ct) is not null;
    }

    /// <summary>Removes a member; the room's access version this removal took, null when they were not a member.</summary>
    public async Task<long?> RemoveMemberAsync(Guid roomId, Guid userId, CancellationToken ct)
    {
        await using var command = database.CreateCommand($"""
            with removed as (delete from {RoomTables.Members} where room_id = $1 and user_id = $2 returning 1)
            update {RoomTables.Rooms} set access_version = access_version + 1 where id = $1 and exists (select 1 from removed)
            returning access_version
            """);
        command.Parameters.AddWithValue(roomId);
        command.Parameters.AddWithValue(userId);
        return await command.ExecuteScalarAsync(ct) as long?;
    }

    public async Task<bool> SetRoleAsync(Guid roomId, Guid userId, RoomRole role, CancellationToken ct)
    {
        await using var command = database.CreateCommand($"update {RoomTables.Members} set role = $3 where room_id = $1 and user_id = $2");
        command.Parameters.AddWithValue(roomId);
        command.Parameters.AddWithValue(userId);
        command.Parameters.AddWithValue(Text(role));
        return await command.ExecuteNonQueryAsync(ct) > 0;
    }

    /// <summary>Stores a message as the room's next in sequence (see <see cref="Append"/>); null when the room is gone or archived.</summary>
    public async Task<StoredMessage?> AppendAsync(Guid roomId, ChatMessageKind kind, Guid? authorId, string? authorName, string text, Guid? jobId,
        DateTimeOffset now, CancellationToken ct)
    {
        await using var command = database.CreateCommand();
        Append(command, Guid.CreateVersion7(now), roomId, kind, authorId, authorName, text, jobId, now);
        await using var reader = await command.ExecuteReaderAsync(ct);
        return await reader.ReadAsync(ct) ? ReadAppended(reader) : null;
    }

    /// <summary>The row <see cref="Append"/> answers.</summary>
    internal static StoredMessage ReadAppended(NpgsqlDataReader reader) => new(ReadMessage(reader), reader.GetInt64(reader.GetOrdinal("access_version")));

    /// <summary>
    /// Makes <paramref name="command"/> store a message as the room's next in sequence and answer it with the room's
    /// access version (<see cref="ReadAppended"/>), or nothing when the room is gone or archived. Taking the number locks the room's row until commit, so numbers are given in commit
    /// order without gaps.
    /// </summary>
    internal static void Append(NpgsqlCommand command, Guid id, Guid roomId, ChatMessageKind kind, Guid? authorId, string? authorName, string text,
        Guid? jobId, DateTimeOffset now)
    {
        command.CommandText = $"""
            with next as (
                update {RoomTables.Rooms} set last_seq = last_seq + 1 where id = $1 and archived_at is null returning last_seq, access_version),
            stored as (
                insert into {RoomTables.Messages} ({MessageColumns})
                select $2, $1, next.last_seq, $3, $4, $5, $6, $7, null, null, $8 from next
                returning {MessageColumns})
            select stored.*, next.access_version from stored, next
            """;
        command.Parameters.AddWithValue(roomId);
        command.Parameters.AddWithValue(id);
        command.Parameters.AddWithValue(kind == ChatMessageKind.System ? "system" : "user");
        command.Parameters.AddWithValue(NpgsqlTypes.NpgsqlDbType.Uuid, (object?)authorId ?? DBNull.Value);
        command.Parameters.AddWithValue(NpgsqlTypes.NpgsqlDbType.Text, (object?)authorName ?? DBNull.Value);
        command.Parameters.AddWithValue(text);
        command.Parameters.AddWithValue(now.ToUniversalTime());
        command.Parameters.AddWithValue(NpgsqlTypes.NpgsqlDbType.Uuid, (object?)jobId ?? DBNull.Value);
    }

    /// <summary>
    /// Up to <paramref name="limit"/> messages with a sequence number above <paramref name="afterSeq"/>, oldest first, with
    /// their reactions (<see cref="MessageReaction.Mine"/> as <paramref name="viewerId"/> sees them).
    /// </summary>
    public async Task<IReadOnlyList<ChatMessage>> AfterAsync(Guid roomId, long afterSeq, int limit, Guid? viewerId, CancellationToken ct) =>
        await ReadMessagesAsync(WithReactions(
                $"select {MessageColumns} from {RoomTables.Messages} where room_id = $1 and seq > $2 order by seq limit $3", "$4"),
            ct, roomId, afterSeq, limit, Viewer(viewerId));

    /// <summary>Up to <paramref name="limit"/> messages below <paramref name="beforeSeq"/>, oldest first (the page just before it).</summary>
    public async Task<IReadOnlyList<ChatMessage>> BeforeAsync(Guid roomId, long beforeSeq, int limit, Guid? viewerId, CancellationToken ct) =>
        await ReadMessagesAsync(WithReactions(
                $"select {MessageColumns} from {RoomTables.Messages} where room_id = $1 and seq < $2 order by seq desc limit $3", "$4"),
            ct, roomId, beforeSeq, limit, Viewer(viewerId));

    public async Task<ChatMessage?> MessageAsync(Guid messageId, Guid? viewerId, CancellationToken ct) =>
        (await ReadMessagesAsync(WithReactions($"select {MessageColumns} from {RoomTables.Messages} where id = $1", "$2"),
            ct, messageId, Viewer(viewerId))).SingleOrDefault();

    /// <summary>Replaces a message's text, unless it was deleted; the message as it is now (as <paramref name="viewerId"/> sees it).</summary>
    public async Task<ChatMessage?> EditAsync(Guid messageId, string text, DateTimeOffset now, Guid? viewerId, CancellationToken ct) =>
        (await ReadMessagesAsync(WithReactions(
                $"update {RoomTables.Messages} set text = $2, edited_at = $3 where id = $1 and deleted_at is null returning {MessageColumns}", "$4"),
            ct, messageId, text, now.ToUniversalTime(), Viewer(viewerId))).SingleOrDefault();

    /// <summary>Marks a message deleted and forgets its text and reactions; it keeps its place in the sequence.</summary>
    public async Task<ChatMessage?> DeleteMessageAsync(Guid messageId, DateTimeOffset now, CancellationToken ct) =>
        (await ReadMessagesAsync($"""
            with deleted as (
                update {RoomTables.Messages} set text = '', deleted_at = coalesce(deleted_at, $2) where id = $1 returning {MessageColumns}),
            reactions as (delete from {RoomTables.Reactions} x using deleted d where x.room_id = d.room_id and x.seq = d.seq)
            select {MessageColumns} from deleted
            """, ct, messageId, now.ToUniversalTime())).SingleOrDefault();

    /// <summary>Moves a member's read marker forward (never back) to <paramref name="seq"/>.</summary>
    public async Task<long?> MarkReadAsync(Guid roomId, Guid userId, long seq, CancellationToken ct)
    {
        await using var command = database.CreateCommand($"""
            update {RoomTables.Members} m set last_read_seq = greatest(m.last_read_seq, least($3, r.last_seq))
            from {RoomTables.Rooms} r where r.id = m.room_id and m.room_id = $1 and m.user_id = $2
            returning m.last_read_seq
            """);
        command.Parameters.AddWithValue(roomId);
        command.Parameters.AddWithValue(userId);
        command.Parameters.AddWithValue(seq);
        return await command.ExecuteScalarAsync(ct) as long?;
    }

    private async Task<IReadOnlyList<ChatMessage>> ReadMessagesAsync(string sql, CancellationToken ct, params object[] parameters)
    {
        await using var command = database.CreateCommand(sql);
        foreach (var parameter in parameters)
            command.Parameters.AddWithValue(parameter);
        var messages = new List<ChatMessage>();
        await using var reader = await command.ExecuteReaderAsync(ct);
        while (await reader.ReadAsync(ct))
            messages.Add(ReadMessage(reader));
        return messages;
    }

    /// <summary>
    /// A message read from <see cref="MessageColumns"/>, in their order, at the start of a row, with its reactions when the
    /// query read them too (the three columns <c>WithReactions</c> adds).
    /// </summary>
    internal static ChatMessage ReadMessage(NpgsqlDataReader reader) => new(
        reader.GetGuid(0), reader.GetGuid(1), reader.GetInt64(2),
        reader.GetString(3) == "system" ? ChatMessageKind.System : ChatMessageKind.User,
        reader.IsDBNull(4) ? null : reader.GetGuid(4),
        reader.IsDBNull(5) ? null : reader.GetString(5),
        reader.GetString(6),
        reader.GetFieldValue<DateTimeOffset>(7),
        reader.IsDBNull(8) ? null : reader.GetFieldValue<DateTimeOffset>(8),
        !reader.IsDBNull(9),
        reader.IsDBNull(10) ? null : reader.GetGuid(10),
        reader.FieldCount > 11 && reader.GetName(11) == "emojis" ? ReadReactions(reader, 11) : []);

    private static RoomRecord ReadRoom(NpgsqlDataReader reader) => new(
        reader.GetGuid(0), reader.GetString(1), reader.IsDBNull(2) ? null : reader.GetString(2),
        reader.GetString(3) == "private" ? RoomVisibility.Private : RoomVisibility.Public,
        reader.GetGuid(4), reader.GetFieldValue<DateTimeOffset>(5), reader.IsDBNull(6) ? null : reader.GetFieldValue<DateTimeOffset>(6),
        reader.GetInt64(7), reader.IsDBNull(8) ? null : reader.GetInt32(8), reader.GetInt32(9), reader.GetInt64(10));

    private static MemberRecord ReadMember(NpgsqlDataReader reader) =>
        new(reader.GetGuid(0), reader.GetGuid(1), RoleOf(reader.GetString(2)), reader.GetFieldValue<DateTimeOffset>(3), reader.GetInt64(4));

    // PostgreSQL keeps microseconds: what is answered at once is what is read back later.

    private static RoomRole RoleOf(string text) => text switch
    {
        "owner" => RoomRole.Owner,
        "moderator" => RoomRole.Moderator,
        _ => RoomRole.Member,
    };

    private static string Text(RoomRole role) => role.ToString().ToLowerInvariant();

    private static string Text(RoomVisibility visibility) => visibility.ToString().ToLowerInvariant();
}
