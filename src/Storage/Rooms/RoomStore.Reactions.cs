using Npgsql;
using Platform.Contracts.Rooms;

namespace Platform.Storage.Rooms;

/// <summary>What adding a reaction came to.</summary>
public enum ReactionAdded
{
    Added,

    /// <summary>The user had given it already (or gave it at the same moment): nothing changed.</summary>
    AlreadyThere,

    /// <summary>The message carries as many different emojis as it may, and this one is not among them.</summary>
    TooManyEmojis,

    /// <summary>The message is deleted, or gone.</summary>
    MessageGone,
}

// Reactions: one row per user, emoji and message, counted per emoji when messages are read.
public sealed partial class RoomStore
{
    /// <summary>
    /// Adds <paramref name="userId"/>'s <paramref name="emoji"/> to a message that is not deleted, unless the message has
    /// <paramref name="maxEmojis"/> different emojis already and this is not one of them.
    /// </summary>
    public async Task<ReactionAdded> AddReactionAsync(Guid roomId, long seq, Guid userId, string emoji, DateTimeOffset now, int maxEmojis,
        CancellationToken ct)
    {
        await using var command = database.CreateCommand($"""
            with message as (select room_id, seq from {RoomTables.Messages} where room_id = $1 and seq = $2 and deleted_at is null),
            given as (select count(distinct emoji) as emojis, coalesce(bool_or(emoji = $4), false) as known
                      from {RoomTables.Reactions} where room_id = $1 and seq = $2),
            added as (
                insert into {RoomTables.Reactions} (room_id, seq, user_id, emoji, created_at)
                select m.room_id, m.seq, $3, $4, $5 from message m, given g where g.known or g.emojis < $6
                on conflict do nothing
                returning 1)
            select case
                when exists (select 1 from added) then 'added'
                when not exists (select 1 from message) then 'gone'
                when (select known or emojis < $6 from given) then 'there'
                else 'full' end
            """);
        command.Parameters.AddWithValue(roomId);
        command.Parameters.AddWithValue(seq);
        command.Parameters.AddWithValue(userId);
        command.Parameters.AddWithValue(emoji);
        command.Parameters.AddWithValue(now.ToUniversalTime());
        command.Parameters.AddWithValue((long)maxEmojis);
        return await command.ExecuteScalarAsync(ct) switch
        {
            "added" => ReactionAdded.Added,
            "gone" => ReactionAdded.MessageGone,
            "there" => ReactionAdded.AlreadyThere,
            _ => ReactionAdded.TooManyEmojis,
        };
    }

    /// <summary>Removes <paramref name="userId"/>'s <paramref name="emoji"/> from a message; false when they had not given it.</summary>
    public async Task<bool> RemoveReactionAsync(Guid roomId, long seq, Guid userId, string emoji, CancellationToken ct)
    {
        await using var command = database.CreateCommand(
            $"delete from {RoomTables.Reactions} where room_id = $1 and seq = $2 and user_id = $3 and emoji = $4");
        command.Parameters.AddWithValue(roomId);
        command.Parameters.AddWithValue(seq);
        command.Parameters.AddWithValue(userId);
        command.Parameters.AddWithValue(emoji);
        return await command.ExecuteNonQueryAsync(ct) > 0;
    }

    /// <summary>
    /// The messages <paramref name="messagesSql"/> selects (or changes and returns), in sequence order, each with its
    /// reactions counted per emoji in the order each was first given, in one statement; a deleted message has none. Mine
    /// is whether the user in parameter <paramref name="viewer"/> gave it, null when that parameter is null.
    /// </summary>
    private static string WithReactions(string messagesSql, string viewer) => $"""
        with m as ({messagesSql})
        select {MessageColumns}, r.emojis, r.counts, r.mine
        from m left join lateral (
            select array_agg(g.emoji order by g.first_at, g.emoji) as emojis,
                   array_agg(g.n order by g.first_at, g.emoji) as counts,
                   array_agg(g.mine order by g.first_at, g.emoji) as mine
            from (select x.emoji, count(*)::int as n, bool_or(x.user_id = {viewer}::uuid) as mine, min(x.created_at) as first_at
                  from {RoomTables.Reactions} x
                  where x.room_id = m.room_id and x.seq = m.seq and m.deleted_at is null
                  group by x.emoji) g
        ) r on true
        order by m.seq
        """;

    private static object Viewer(Guid? viewerId) => (object?)viewerId ?? DBNull.Value;

    private static IReadOnlyList<MessageReaction> ReadReactions(NpgsqlDataReader reader, int first)
    {
        if (reader.IsDBNull(first))
            return [];
        var emojis = reader.GetFieldValue<string[]>(first);
        var counts = reader.GetFieldValue<int[]>(first + 1);
        var mine = reader.GetFieldValue<bool?[]>(first + 2);
        return emojis.Select((emoji, i) => new MessageReaction(emoji, counts[i], mine[i])).ToList();
    }
}
