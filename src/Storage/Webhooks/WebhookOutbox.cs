using System.Text.Json;
using Marten;
using Npgsql;
using NpgsqlTypes;
using Platform.Contracts;
using Platform.Contracts.Webhooks;
using Weasel.Postgresql;
using Weasel.Postgresql.Tables;

namespace Platform.Storage.Webhooks;

/// <summary>
/// Webhook calls still to make and those made: one row per call, written in the same transaction as the job event
/// it reports, so a stored event's call is never lost. Hosts claim due rows with FOR UPDATE SKIP LOCKED, pushing
/// their next attempt out by a lease while they call: each attempt is made by one host, and a host that dies
/// mid-call leaves its row to be tried again once the lease ends.
/// </summary>
public sealed class WebhookOutbox(NpgsqlDataSource database)
{
    public const string Channel = "platform_webhooks";
    private const string Name = StorageExtensions.Schema + ".webhook_deliveries";
    private const string Pending = "pending";

    public static Table Table()
    {
        var table = new Table(new PostgresqlObjectName(StorageExtensions.Schema, "webhook_deliveries", SchemaUtils.IdentifierUsage.General));
        table.AddColumn<Guid>("id").AsPrimaryKey();
        table.AddColumn<Guid>("job_id").NotNull();
        table.AddColumn("owner_id", "text").NotNull();
        table.AddColumn("url", "text").NotNull();
        table.AddColumn("event", "text").NotNull();
        table.AddColumn("job_version", "bigint").NotNull();
        // Kept as text: the signature covers these exact bytes.
        table.AddColumn("payload", "text").NotNull();
        table.AddColumn("status", "text").NotNull();
        table.AddColumn("created_at", "timestamptz").NotNull();
        table.AddColumn("next_attempt_at", "timestamptz").AllowNulls();
        table.AddColumn("attempts", "integer").NotNull().DefaultValueByExpression("0");
        table.AddColumn("history", "jsonb").NotNull().DefaultValueByExpression("'[]'::jsonb");
        table.Indexes.Add(new IndexDefinition("ix_webhook_deliveries_due") { Columns = ["next_attempt_at"], Predicate = $"status = '{Pending}'" });
        table.Indexes.Add(new IndexDefinition("ix_webhook_deliveries_job") { Columns = ["job_id"] });
        return table;
    }

    /// <summary>
    /// Queues, in the session's transaction, a call reporting <paramref name="webhookEvent"/> at job version
    /// <paramref name="version"/>. A progress call not yet attempted takes the newer progress instead of queueing
    /// another; a completion drops such calls, as its own call says more.
    /// </summary>
    public static void AddCall(IDocumentOperations session, Guid jobId, string ownerId, string url, string webhookEvent, long version, string payload)
    {
        var id = Guid.CreateVersion7();
        if (webhookEvent == WebhookEvents.Progress)
        {
            session.QueueSqlCommand($"""
                with folded as (
                    update {Name} set job_version = ?, payload = ?
                    where job_id = ? and event = '{WebhookEvents.Progress}' and status = '{Pending}' and attempts = 0
                    returning 1)
                insert into {Name} (id, job_id, owner_id, url, event, job_version, payload, status, created_at, next_attempt_at)
                select ?, ?, ?, ?, '{WebhookEvents.Progress}', ?, ?, '{Pending}', now(), now()
                where not exists (select 1 from folded)
                """, version, payload, jobId, id, jobId, ownerId, url, version, payload);
            return;
        }
        if (webhookEvent == WebhookEvents.Completed)
            session.QueueSqlCommand(
                $"delete from {Name} where job_id = ? and event = '{WebhookEvents.Progress}' and status = '{Pending}' and attempts = 0", jobId);
        session.QueueSqlCommand($"""
            insert into {Name} (id, job_id, owner_id, url, event, job_version, payload, status, created_at, next_attempt_at)
            values (?, ?, ?, ?, ?, ?, ?, '{Pending}', now(), now())
            """, id, jobId, ownerId, url, webhookEvent, version, payload);
    }

    /// <summary>Wakes the hosts' dispatchers once the session commits; queue it after the session's calls.</summary>
    public static void WakeDispatchers(IDocumentOperations session) => session.QueueSqlCommand($"notify {Channel}");

    /// <summary>
    /// Claims up to <paramref name="limit"/> due calls, taking owners in turn (each one's oldest due call, then each
    /// one's second, …) so no owner's backlog holds up the others, and no more of an owner's calls than bring its
    /// calls in flight (<paramref name="inFlight"/>, by owner) to <paramref name="perOwner"/>. Counts the attempt about to be made.
    /// </summary>
    public async Task<IReadOnlyList<ClaimedCall>> ClaimAsync(
        int limit, int perOwner, IReadOnlyDictionary<string, int> inFlight, TimeSpan lease, CancellationToken ct)
    {
        // The claim repeats the due condition on the locked row: one another host claimed meanwhile is no longer due.
        await using var command = database.CreateCommand($"""
            with due as (
                select id, owner_id, next_attempt_at, row_number() over (partition by owner_id order by next_attempt_at, id) as turn
                from {Name}
                where status = '{Pending}' and next_attempt_at <= now()),
            allowed as (
                select due.id, due.turn, due.next_attempt_at from due
                left join unnest($3::text[], $4::int[]) as busy(owner_id, calls) on busy.owner_id = due.owner_id
                where due.turn <= $5 - coalesce(busy.calls, 0))
            update {Name} d set attempts = d.attempts + 1, next_attempt_at = now() + $2
            where d.id in (
                select call.id from {Name} call join allowed on allowed.id = call.id
                where call.status = '{Pending}' and call.next_attempt_at <= now()
                order by allowed.turn, allowed.next_attempt_at
                limit $1
                for update of call skip locked)
            returning d.id, d.job_id, d.owner_id, d.url, d.event, d.payload, d.attempts
            """);
        command.Parameters.AddWithValue(limit);
        command.Parameters.AddWithValue(lease);
        var busy = inFlight.ToArray();
        command.Parameters.AddWithValue(busy.Select(owner => owner.Key).ToArray());
        command.Parameters.AddWithValue(busy.Select(owner => owner.Value).ToArray());
        command.Parameters.AddWithValue(perOwner);
        var claimed = new List<ClaimedCall>(limit);
        await using var reader = await command.ExecuteReaderAsync(ct);
        while (await reader.ReadAsync(ct))
            claimed.Add(new ClaimedCall(
                reader.GetGuid(0), reader.GetGuid(1), reader.GetString(2), reader.GetString(3), reader.GetString(4), reader.GetString(5), reader.GetInt32(6)));
        return claimed;
    }

    /// <summary>
    /// Records how an attempt went. <paramref name="retryAt"/> null ends the call: delivered when the attempt was, else
    /// failed. The call's state moves only if no later attempt was claimed meanwhile; the attempt is recorded either way.
    /// </summary>
    public async Task RecordAsync(ClaimedCall call, WebhookAttempt attempt, DateTimeOffset? retryAt, CancellationToken ct)
    {
        var status = attempt.Error is null ? WebhookDeliveryStatus.Delivered : retryAt is null ? WebhookDeliveryStatus.Failed : WebhookDeliveryStatus.Pending;
        await using var command = database.CreateCommand($"""
            update {Name} set
                history = history || $3,
                status = case when attempts = $2 then $4 else status end,
                next_attempt_at = case when attempts = $2 then $5 else next_attempt_at end
            where id = $1
            """);
        command.Parameters.AddWithValue(call.Id);
        command.Parameters.AddWithValue(call.Attempt);
        command.Parameters.Add(new NpgsqlParameter { Value = JsonSerializer.Serialize(new[] { attempt }, PlatformJson.Options), NpgsqlDbType = NpgsqlDbType.Jsonb });
        command.Parameters.AddWithValue(StatusText(status));
        command.Parameters.Add(new NpgsqlParameter { Value = retryAt?.ToUniversalTime() ?? (object)DBNull.Value, NpgsqlDbType = NpgsqlDbType.TimestampTz });
        await command.ExecuteNonQueryAsync(ct);
    }

    /// <summary>Deletes delivered and failed calls made due before <paramref name="olderThan"/> ago; returns how many.</summary>
    public async Task<int> DeleteFinishedAsync(TimeSpan olderThan, CancellationToken ct)
    {
        await using var command = database.CreateCommand(
            $"delete from {Name} where status <> '{Pending}' and created_at < now() - $1");
        command.Parameters.AddWithValue(olderThan);
        return await command.ExecuteNonQueryAsync(ct);
    }

    /// <summary>Every call of the job, in the order they were made due.</summary>
    public async Task<IReadOnlyList<WebhookDelivery>> ListAsync(Guid jobId, CancellationToken ct)
    {
        await using var command = database.CreateCommand($"""
            select id, event, url, job_version, status, created_at, next_attempt_at, history::text from {Name}
            where job_id = $1 order by created_at, job_version
            """);
        command.Parameters.AddWithValue(jobId);
        var deliveries = new List<WebhookDelivery>();
        await using var reader = await command.ExecuteReaderAsync(ct);
        while (await reader.ReadAsync(ct))
        {
            var status = Enum.Parse<WebhookDeliveryStatus>(reader.GetString(4), ignoreCase: true);
            deliveries.Add(new WebhookDelivery(
                reader.GetGuid(0), reader.GetString(1), reader.GetString(2), reader.GetInt64(3), status,
                reader.GetFieldValue<DateTimeOffset>(5),
                status == WebhookDeliveryStatus.Pending && !reader.IsDBNull(6) ? reader.GetFieldValue<DateTimeOffset>(6) : null,
                JsonSerializer.Deserialize<List<WebhookAttempt>>(reader.GetString(7), PlatformJson.Options) ?? []));
        }
        return deliveries;
    }

    /// <summary>A connection listening for new calls; <paramref name="onNotified"/> runs for each notification.</summary>
    public Task<NpgsqlConnection> ListenAsync(Action onNotified, CancellationToken ct) =>
        PostgresNotifications.ListenAsync(database, Channel, onNotified, ct);

    private static string StatusText(WebhookDeliveryStatus status) => status.ToString().ToLowerInvariant();
}

/// <summary>A call claimed for one attempt, numbered <paramref name="Attempt"/> (1 for the first).</summary>
public sealed record ClaimedCall(Guid Id, Guid JobId, string OwnerId, string Url, string Event, string Payload, int Attempt);
