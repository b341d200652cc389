using Npgsql;

namespace Platform.Storage.Rooms;

/// <summary>
/// Deletes messages older than their room's retention. Rows go; their sequence numbers are not given again, since a
/// room's next number comes from its own row. Each call deletes one batch in its own short transaction, skipping rows
/// another host is deleting, so hosts may run it at once and a large room never holds its locks for long.
/// </summary>
public sealed class ExpiredRoomMessages(NpgsqlDataSource database)
{
    /// <summary>Deletes up to <paramref name="batch"/> messages sent before their room's retention reaches back from <paramref name="now"/>; answers how many.</summary>
    public async Task<int> DeleteAsync(DateTimeOffset now, int batch, CancellationToken ct)
    {
        // One probe of (room_id, sent_at) per room that keeps messages for a while: nothing to delete costs no more than that.
        await using var command = database.CreateCommand($"""
            with expired as (
                select old.room_id, old.seq
                from {RoomTables.Rooms} r
                cross join lateral (
                    select m.room_id, m.seq from {RoomTables.Messages} m
                    where m.room_id = r.id and m.sent_at < $1 - make_interval(days => r.retention_days)
                    order by m.sent_at
                    limit $2
                    for update of m skip locked) old
                where r.retention_days is not null
                limit $2),
            reactions as (
                delete from {RoomTables.Reactions} x using expired where x.room_id = expired.room_id and x.seq = expired.seq)
            delete from {RoomTables.Messages} m using expired
            where m.room_id = expired.room_id and m.seq = expired.seq
            """);
        command.Parameters.AddWithValue(now.ToUniversalTime());
        command.Parameters.AddWithValue(batch);
        return await command.ExecuteNonQueryAsync(ct);
    }
}
