using Marten;
using Npgsql;
using Weasel.Postgresql;
using Weasel.Postgresql.Tables;

namespace Platform.Storage.Mail;

/// <summary>
/// Mail still to send: one row per message, written in the transaction of what it tells of, so a committed change's
/// mail is never lost and a change rolled back sends none. Any host sends it: it claims a due row with FOR UPDATE SKIP
/// LOCKED and keeps the lock while the mail server takes the message, then deletes the row in that transaction, so two
/// hosts never send one message. A failed attempt stays, with its error, until its next attempt is due.
/// </summary>
public sealed class MailOutbox(NpgsqlDataSource database)
{
    public const string Channel = "platform_mail";
    private const string Name = StorageExtensions.Schema + ".mail_outbox";
    private const string Insert = $"insert into {Name} (id, recipient, subject, body, created_at, next_attempt_at) values";

    public static Table Table()
    {
        var table = new Table(new PostgresqlObjectName(StorageExtensions.Schema, "mail_outbox", SchemaUtils.IdentifierUsage.General));
        table.AddColumn<Guid>("id").AsPrimaryKey();
        table.AddColumn("recipient", "text").NotNull();
        table.AddColumn("subject", "text").NotNull();
        table.AddColumn("body", "text").NotNull();
        table.AddColumn("created_at", "timestamptz").NotNull();
        table.AddColumn("attempts", "integer").NotNull().DefaultValueByExpression("0");
        table.AddColumn("next_attempt_at", "timestamptz").NotNull();
        table.AddColumn("last_error", "text").AllowNulls();
        table.Indexes.Add(new IndexDefinition("ix_mail_outbox_due") { Columns = ["next_attempt_at"] });
        return table;
    }

    /// <summary>Queues <paramref name="mail"/> in the session's transaction; the hosts' senders are woken when it commits.</summary>
    public static void Enqueue(IDocumentOperations session, OutgoingMail mail)
    {
        session.QueueSqlCommand($"{Insert} (?, ?, ?, ?, now(), now())", Guid.CreateVersion7(), mail.To, mail.Subject, mail.Body);
        session.QueueSqlCommand($"notify {Channel}");
    }

    /// <summary>Queues <paramref name="mail"/> on <paramref name="connection"/>, in <paramref name="transaction"/> when given; the senders are woken when it commits.</summary>
    public static async Task EnqueueAsync(NpgsqlConnection connection, NpgsqlTransaction? transaction, OutgoingMail mail, CancellationToken ct)
    {
        await using var batch = new NpgsqlBatch(connection, transaction)
        {
            BatchCommands =
            {
                new NpgsqlBatchCommand($"{Insert} ($1, $2, $3, $4, now(), now())")
                {
                    Parameters = { new() { Value = Guid.CreateVersion7() }, new() { Value = mail.To }, new() { Value = mail.Subject }, new() { Value = mail.Body } },
                },
                new NpgsqlBatchCommand($"notify {Channel}"),
            },
        };
        await batch.ExecuteNonQueryAsync(ct);
    }

    /// <summary>Queues <paramref name="mail"/> in a transaction of its own, for mail that goes with no other change.</summary>
    public async Task EnqueueAsync(OutgoingMail mail, CancellationToken ct)
    {
        await using var connection = await database.OpenConnectionAsync(ct);
        await EnqueueAsync(connection, null, mail, ct);
    }

    /// <summary>
    /// Claims the oldest due message and hands it to <paramref name="send"/> while its row is locked: sent, the row is
    /// deleted; failed, it keeps the error and waits <paramref name="retryAfter"/> (given the attempts made so far) for its
    /// next attempt. A cancelled send leaves the row as it was. Answers what became of the message, if one was due.
    /// </summary>
    public async Task<MailAttempt> SendNextAsync(Func<QueuedMail, Task> send, Func<int, TimeSpan> retryAfter, CancellationToken ct)
    {
        await using var connection = await database.OpenConnectionAsync(ct);
        await using var transaction = await connection.BeginTransactionAsync(ct);
        QueuedMail? mail = null;
        await using (var claim = new NpgsqlCommand($"""
            select id, recipient, subject, body, attempts from {Name}
            where next_attempt_at <= now()
            order by next_attempt_at, id
            limit 1
            for update skip locked
            """, connection, transaction))
        {
            await using var reader = await claim.ExecuteReaderAsync(ct);
            if (await reader.ReadAsync(ct))
                mail = new QueuedMail(reader.GetGuid(0), new OutgoingMail(reader.GetString(1), reader.GetString(2), reader.GetString(3)), reader.GetInt32(4));
        }
        if (mail is null)
            return MailAttempt.NoneDue;

        string? error = null;
        try
        {
            await send(mail);
        }
        catch (Exception e) when (e is not OperationCanceledException || !ct.IsCancellationRequested)
        {
            error = e.Message;
        }
        await using var record = error is null
            ? new NpgsqlCommand($"delete from {Name} where id = $1", connection, transaction) { Parameters = { new() { Value = mail.Id } } }
            : new NpgsqlCommand($"update {Name} set attempts = attempts + 1, next_attempt_at = now() + $2, last_error = $3 where id = $1", connection, transaction)
            {
                Parameters = { new() { Value = mail.Id }, new() { Value = retryAfter(mail.Attempts + 1) }, new() { Value = error } },
            };
        // The server has the message now: its row goes even if the host is stopping.
        await record.ExecuteNonQueryAsync(CancellationToken.None);
        await transaction.CommitAsync(CancellationToken.None);
        return error is null ? MailAttempt.Sent : MailAttempt.Failed;
    }

    /// <summary>A connection listening for new mail; <paramref name="onNotified"/> runs for each notification.</summary>
    public Task<NpgsqlConnection> ListenAsync(Action onNotified, CancellationToken ct) =>
        PostgresNotifications.ListenAsync(database, Channel, onNotified, ct);
}

/// <summary>A message to send: one recipient's address, a subject and a plain-text body.</summary>
public sealed record OutgoingMail(string To, string Subject, string Body);

/// <summary>A queued message as claimed, with the attempts made before this one.</summary>
public sealed record QueuedMail(Guid Id, OutgoingMail Mail, int Attempts);

public enum MailAttempt
{
    NoneDue,
    Sent,
    Failed,
}
