using Marten;
using Npgsql;
using Platform.Contracts.Rooms;
using Weasel.Postgresql;
using Weasel.Postgresql.Tables;

namespace Platform.Storage.Rooms;

/// <summary>
/// Messages jobs have still to post to their rooms: one row per message, written in the same transaction as the job
/// event it tells of, so a stored event's message is never lost. Any host posts them: it claims rows with FOR UPDATE
/// SKIP LOCKED, stores each as its room's next message and deletes the row in one transaction, so each is posted
/// exactly once, and a host that dies first leaves the rows to the others. Only a job's oldest row is claimed, so a
/// job's messages keep their order whichever hosts post them.
/// </summary>
public sealed class JobPostOutbox(NpgsqlDataSource database)
{
    public const string Channel = "platform_room_posts";
    private const string Name = StorageExtensions.Schema + ".room_job_posts";

    public static Table Table()
    {
        var table = new Table(new PostgresqlObjectName(StorageExtensions.Schema, "room_job_posts", SchemaUtils.IdentifierUsage.General));
        table.AddColumn<Guid>("id").AsPrimaryKey();
        table.AddColumn<Guid>("room_id").NotNull();
        table.AddColumn<Guid>("job_id").NotNull();
        table.AddColumn("job_version", "bigint").NotNull();
        table.AddColumn("owner_id", "text").NotNull();
        table.AddColumn<string>("text").NotNull();
        table.Indexes.Add(new IndexDefinition("ix_room_job_posts_job") { Columns = ["job_id", "job_version"] });
        return table;
    }

    /// <summary>Queues, in the session's transaction, the message job version <paramref name="version"/> posts to its room.</summary>
    public static void Add(IDocumentOperations session, Guid roomId, Guid jobId, long version, string ownerId, string text) =>
        session.QueueSqlCommand($"insert into {Name} (id, room_id, job_id, job_version, owner_id, text) values (?, ?, ?, ?, ?, ?)",
            Guid.CreateVersion7(), roomId, jobId, version, ownerId, text);

    /// <summary>Wakes the hosts' posters once the session commits; queue it after the session's posts.</summary>
    public static void WakePosters(IDocumentOperations session) => session.QueueSqlCommand($"notify {Channel}");

    /// <summary>
    /// Claims up to <paramref name="limit"/> posts (a job's oldest only), stores those <paramref name="allowed"/> lets
    /// through as their rooms' next system messages, cut to <paramref name="maxLength"/>, and deletes every claimed row,
    /// all in one transaction. Answers the stored messages; a post to a room gone or archived is dropped.
    /// </summary>
    public async Task<(int Claimed, IReadOnlyList<StoredMessage> Posted)> PostAsync(int limit, int maxLength, Func<PendingPost, Task<bool>> allowed,
        DateTimeOffset now, CancellationToken ct)
    {
        await using var connection = await database.OpenConnectionAsync(ct);
        await using var transaction = await connection.BeginTransactionAsync(ct);
        var claimed = new List<PendingPost>(limit);
        await using (var claim = new NpgsqlCommand($"""
            select p.id, p.room_id, p.job_id, p.owner_id, p.text from {Name} p
            where not exists (select 1 from {Name} earlier where earlier.job_id = p.job_id and earlier.job_version < p.job_version)
            order by p.id
            limit $1
            for update skip locked
            """, connection, transaction))
        {
            claim.Parameters.AddWithValue(limit);
            await using var reader = await claim.ExecuteReaderAsync(ct);
            while (await reader.ReadAsync(ct))
                claimed.Add(new PendingPost(reader.GetGuid(0), reader.GetGuid(1), reader.GetGuid(2), reader.GetString(3), reader.GetString(4)));
        }
        if (claimed.Count == 0)
            return (0, []);

        var posted = new List<StoredMessage>(claimed.Count);
        // Rooms are locked in one order by every poster, so two of them never wait on each other.
        foreach (var post in claimed.OrderBy(p => p.RoomId).ThenBy(p => p.Id))
        {
            if (!await allowed(post))
                continue;
            await using var append = new NpgsqlCommand(null, connection, transaction);
            var text = post.Text.Length > maxLength ? post.Text[..maxLength] : post.Text;
            RoomStore.Append(append, post.Id, post.RoomId, ChatMessageKind.System, null, null, text, post.JobId, now);
            await using var reader = await append.ExecuteReaderAsync(ct);
            if (await reader.ReadAsync(ct))
                posted.Add(RoomStore.ReadAppended(reader));
        }
        await using (var delete = new NpgsqlCommand($"delete from {Name} where id = any($1)", connection, transaction))
        {
            delete.Parameters.AddWithValue(claimed.Select(p => p.Id).ToArray());
            await delete.ExecuteNonQueryAsync(ct);
        }
        await transaction.CommitAsync(ct);
        return (claimed.Count, posted);
    }

    /// <summary>A connection listening for new posts; <paramref name="onNotified"/> runs for each notification.</summary>
    public Task<NpgsqlConnection> ListenAsync(Action onNotified, CancellationToken ct) =>
        PostgresNotifications.ListenAsync(database, Channel, onNotified, ct);
}

/// <summary>A message a job has still to post to a room, as its owner.</summary>
public sealed record PendingPost(Guid Id, Guid RoomId, Guid JobId, string OwnerId, string Text);
