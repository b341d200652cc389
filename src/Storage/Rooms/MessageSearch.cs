using System.Text;
using Npgsql;
using NpgsqlTypes;
using Platform.Contracts.Rooms;

namespace Platform.Storage.Rooms;

/// <summary>What to look for (web search syntax: words, "a phrase", -excluded), optionally in one room, by one author, sent in [From, To).</summary>
public sealed record MessageSearchFilter(string Text, Guid? RoomId = null, Guid? AuthorId = null, DateTimeOffset? From = null, DateTimeOffset? To = null);

/// <summary>Full-text search over stored messages, only in the rooms the reader may read, best matches first.</summary>
public sealed class MessageSearch(NpgsqlDataSource database)
{
    // English on purpose: chat here is written in English, and stemming lets "deployed" find "deploy", "deploying" and
    // "deploys", where 'simple' would find only the form typed. What it costs: common words ("the", "is") are not indexed,
    // so a search of them alone finds nothing, and words of other languages are stemmed as if English (or not at all).
    // The index and the queries must name the same configuration, or PostgreSQL cannot use the index.
    public const string Configuration = "english";

    /// <summary>The indexed expression, <c>?</c> standing for the text column; the queries match on the same one.</summary>
    public const string IndexMask = $"to_tsvector('{Configuration}', ?)";

    // A message up to this long is its own snippet, every match marked; a longer one is cut to the passages around them.
    private const int WholeMessageUpTo = 300;

    // ts_headline marks matches with these; neither is left in the text searched, so every one found is a mark.
    private const char StartMark = '\u0002';
    private const char StopMark = '\u0003';
    private const string Marks = @"StartSel=\x02, StopSel=\x03";

    private const string Query = $"websearch_to_tsquery('{Configuration}', $1)";

    private static readonly string Vector = IndexMask.Replace("?", "m.text");

    // Ranked by ts_rank without length normalisation: more and closer matches rank higher, and the many messages that match
    // once tie, newest first, as a chat reader expects. Snippets are made for the page only: ts_headline is the costly part.
    // Tags such as <b> are kept in a whole-message snippet but dropped from cut passages by the parser; both are plain text.
    // A query of left-out words only ("-gpu", "a or -b") could match nearly every message without the index: it finds nothing.
    private static readonly string Sql = $"""
        with hits as (
            select m.*, r.name as room_name, ts_rank({Vector}, {Query}) as score, count(*) over () as total
            from {RoomTables.Messages} m join {RoomTables.Rooms} r on r.id = m.room_id
            where {Vector} @@ {Query} and querytree({Query}) <> 'T'
              and m.deleted_at is null
              and (r.visibility = 'public' or exists (select 1 from {RoomTables.Members} k where k.room_id = m.room_id and k.user_id = $2))
              and ($3::uuid is null or m.room_id = $3)
              and ($4::uuid is null or m.author_id = $4)
              and ($5::timestamptz is null or m.sent_at >= $5)
              and ($6::timestamptz is null or m.sent_at < $6)
            order by score desc, m.sent_at desc, m.id desc
            limit $7 offset $8)
        select {RoomStore.MessageColumns}, room_name, total,
            btrim(ts_headline('{Configuration}', translate(text, E'\x02\x03', '  '), {Query},
                case when length(text) <= {WholeMessageUpTo} then E'{Marks}, HighlightAll=true'
                     else E'{Marks}, MaxFragments=2, MaxWords=20, MinWords=5, FragmentDelimiter=" … "' end))
        from hits
        order by score desc, sent_at desc, id desc
        """;

    /// <summary>
    /// A page of the messages matching <paramref name="filter"/> that <paramref name="readerId"/> may read (a member's rooms and
    /// every public room: the rule of RoomRules.CanRead, applied in the query so that pages and totals hold nothing else); deleted
    /// messages never match.
    /// </summary>
    public async Task<(IReadOnlyList<MessageSearchHit> Hits, long Total)> SearchAsync(Guid readerId, MessageSearchFilter filter, int page, int pageSize,
        CancellationToken ct)
    {
        await using var command = database.CreateCommand(Sql);
        command.Parameters.AddWithValue(filter.Text);
        command.Parameters.AddWithValue(readerId);
        command.Parameters.AddWithValue(NpgsqlDbType.Uuid, (object?)filter.RoomId ?? DBNull.Value);
        command.Parameters.AddWithValue(NpgsqlDbType.Uuid, (object?)filter.AuthorId ?? DBNull.Value);
        command.Parameters.AddWithValue(NpgsqlDbType.TimestampTz, (object?)filter.From?.ToUniversalTime() ?? DBNull.Value);
        command.Parameters.AddWithValue(NpgsqlDbType.TimestampTz, (object?)filter.To?.ToUniversalTime() ?? DBNull.Value);
        command.Parameters.AddWithValue(pageSize);
        command.Parameters.AddWithValue((page - 1) * pageSize);
        var hits = new List<MessageSearchHit>();
        long total = 0;
        await using var reader = await command.ExecuteReaderAsync(ct);
        while (await reader.ReadAsync(ct))
        {
            var message = RoomStore.ReadMessage(reader);
            var (snippet, highlights) = Unmark(reader.GetString(13));
            hits.Add(new MessageSearchHit(message.RoomId, reader.GetString(11), message, snippet, highlights));
            total = reader.GetInt64(12);
        }
        return (hits, total);
    }

    private static (string Text, IReadOnlyList<Highlight> Highlights) Unmark(string marked)
    {
        var text = new StringBuilder(marked.Length);
        var highlights = new List<Highlight>();
        var start = -1;
        foreach (var c in marked)
        {
            if (c == StartMark)
                start = text.Length;
            else if (c == StopMark)
                highlights.Add(new Highlight(start, text.Length - start));
            else
                text.Append(c);
        }
        return (text.ToString(), highlights);
    }
}
