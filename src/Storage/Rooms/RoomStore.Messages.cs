using Npgsql;
using Platform.Contracts.Rooms;

namespace Platform.Storage.Rooms;

/// <summary>A message as just stored, with its room's <see cref="RoomRecord.AccessVersion"/> at that moment.</summary>
public sealed record StoredMessage(ChatMessage Message, long AccessVersion);

// Messages: each room's sequence, read in pages, edited and deleted in place.
public sealed partial class RoomStore
{
    internal const string MessageColumns = "id, room_id, seq, kind, author_id, author_name, text, sent_at, edited_at, deleted_at, job_id";

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

    private async Task<IReadOnlyList<ChatMessage>> ReadMessagesAsync(string sql, CancellationToken ct, params object[] parameters)
    {
        await using var command = database.CreateCommand(sql);
        foreach (var parameter in parameters)
            command.Parameters.AddWithValue(parameter);
        return await ReadAllAsync(command, ReadMessage, ct);
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
}
