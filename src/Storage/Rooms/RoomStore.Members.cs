using Npgsql;
using Platform.Contracts.Rooms;

namespace Platform.Storage.Rooms;

public sealed record MemberRecord(Guid RoomId, Guid UserId, RoomRole Role, DateTimeOffset JoinedAt, long LastReadSeq);

// Members: who belongs to a room, in which role, and how far each has read.
public sealed partial class RoomStore
{
    public async Task<MemberRecord?> MemberAsync(Guid roomId, Guid userId, CancellationToken ct)
    {
        await using var command = database.CreateCommand(
            $"select room_id, user_id, role, joined_at, last_read_seq from {RoomTables.Members} where room_id = $1 and user_id = $2");
        command.Parameters.AddWithValue(roomId);
        command.Parameters.AddWithValue(userId);
        await using var reader = await command.ExecuteReaderAsync(ct);
        return await reader.ReadAsync(ct) ? ReadMember(reader) : null;
    }

    public async Task<IReadOnlyList<MemberRecord>> MembersAsync(Guid roomId, CancellationToken ct)
    {
        await using var command = database.CreateCommand(
            $"select room_id, user_id, role, joined_at, last_read_seq from {RoomTables.Members} where room_id = $1 order by joined_at, user_id");
        command.Parameters.AddWithValue(roomId);
        return await ReadAllAsync(command, ReadMember, ct);
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

    private static MemberRecord ReadMember(NpgsqlDataReader reader) =>
        new(reader.GetGuid(0), reader.GetGuid(1), RoleOf(reader.GetString(2)), reader.GetFieldValue<DateTimeOffset>(3), reader.GetInt64(4));

    private static RoomRole RoleOf(string text) => text switch
    {
        "owner" => RoomRole.Owner,
        "moderator" => RoomRole.Moderator,
        _ => RoomRole.Member,
    };

    private static string Text(RoomRole role) => role.ToString().ToLowerInvariant();
}
