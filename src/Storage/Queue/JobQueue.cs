using Marten;
using Npgsql;
using Platform.Contracts.Admin;
using Weasel.Postgresql;
using Weasel.Postgresql.Tables;

namespace Platform.Storage.Queue;

/// <summary>
/// The durable queue workers claim jobs from: one row per unfinished job, claimed with FOR UPDATE SKIP
/// LOCKED under a lease that the claiming host renews while it runs the job. A row is written and removed
/// in the same transactions as the job's events, so a job is queued exactly when it is committed and
/// leaves the queue exactly when its end is. An insert notifies every listening host at commit, naming the job's owner
/// and type (<see cref="QueueNotice"/>).
/// </summary>
public sealed class JobQueue(NpgsqlDataSource database)
{
    public const string Channel = "platform_jobs";
    private const string Name = StorageExtensions.Schema + ".job_queue";

    public static Table Table()
    {
        var table = new Table(new PostgresqlObjectName(StorageExtensions.Schema, "job_queue", SchemaUtils.IdentifierUsage.General));
        table.AddColumn<Guid>("job_id").AsPrimaryKey();
        table.AddColumn<int>("priority").NotNull();
        table.AddColumn("ready_at", "timestamptz").NotNull();
        table.AddColumn("enqueued_at", "timestamptz").NotNull();
        table.AddColumn("lease_owner", "text").AllowNulls();
        table.AddColumn("lease_expires", "timestamptz").AllowNulls();
        // Copied from the job so claims can honour per-type and per-owner limits without reading the job.
        table.AddColumn("job_type", "text").AllowNulls();
        table.AddColumn("owner_id", "text").AllowNulls();
        // Claims walk each owner's ready jobs in order, and count the jobs leased now.
        table.Indexes.Add(new IndexDefinition("ix_job_queue_owner_order") { Columns = ["owner_id", "priority desc", "enqueued_at"] });
        table.Indexes.Add(new IndexDefinition("ix_job_queue_leased") { Columns = ["lease_expires"] });
        return table;
    }

    /// <summary>Queues the job in the session's transaction, due at <paramref name="readyAt"/> or now, and wakes idle workers when it commits.</summary>
    public static void Enqueue(IDocumentOperations session, QueueEntry entry)
    {
        session.QueueSqlCommand(
            $"insert into {Name} (job_id, priority, ready_at, enqueued_at, job_type, owner_id) values (?, ?, coalesce(?, now()), now(), ?, ?) on conflict (job_id) do nothing",
            entry.JobId, entry.Priority, Parameter(entry.ReadyAt), entry.Type, entry.OwnerId);
        session.QueueSqlCommand(QueueNotice.Sql(entry.OwnerId, entry.Type));
    }

    /// <summary>Takes the job out of the queue in the session's transaction: it has ended.</summary>
    public static void Remove(IDocumentOperations session, Guid jobId) =>
        session.QueueSqlCommand($"delete from {Name} where job_id = ?", jobId);

    /// <summary>
    /// Gives <paramref name="ownerId"/>'s job of <paramref name="type"/> back to the queue in the session's transaction, due
    /// at <paramref name="readyAt"/> or now (its host shut down, a retry's backoff).
    /// </summary>
    public static void Release(IDocumentOperations session, Guid jobId, string ownerId, string type, DateTimeOffset? readyAt = null)
    {
        session.QueueSqlCommand(
            $"update {Name} set lease_owner = null, lease_expires = null, ready_at = coalesce(?, now()) where job_id = ?",
            Parameter(readyAt), jobId);
        session.QueueSqlCommand(QueueNotice.Sql(ownerId, type));
    }

    // PostgreSQL's timestamptz takes UTC offsets only; whatever offset a caller's time came with, the instant is kept.
    private static object Parameter(DateTimeOffset? readyAt) => readyAt?.ToUniversalTime() ?? (object)DBNull.Value;

    /// <summary>
    /// Claims up to <paramref name="limit"/> ready jobs of the given <paramref name="types"/> (of <paramref name="jobOwner"/>'s
    /// only, when given); expired leases count as free. Owners take turns: a job's turn is how many of its owner's jobs are
    /// leased anywhere now plus its place among the owner's ready jobs (highest priority, then oldest, first), and the
    /// lowest turns are claimed, so the owner running the fewest jobs gets the next free slot and no backlog holds them all.
    /// <paramref name="typeCaps"/> bounds how many of a type may be claimed now; <paramref name="maxRunningPerOwner"/> (0 for
    /// none) bounds each owner's leased jobs cluster-wide. Each owner's ready jobs are looked at separately, so an owner at
    /// their limit never hides other owners' jobs. The last <paramref name="keptForNewcomers"/> of the <paramref name="limit"/>
    /// slots go only to the first job of an owner with nothing leased (turn 1): such a job starts at once even while
    /// another owner's backlog would take every slot.
    /// </summary>
    public async Task<IReadOnlyList<Guid>> ClaimAsync(string leaseOwner, int limit, TimeSpan lease, IReadOnlyCollection<string> types,
        string? jobOwner, IReadOnlyDictionary<string, int> typeCaps, int maxRunningPerOwner, int keptForNewcomers, CancellationToken ct)
    {
        // Owners are found by skipping through the owner index, one probe per owner rather than a scan of the backlog.
        // Rows queued before the queue kept owners (owner_id null) are claimed as one more owner.
        var command = new NpgsqlBatchCommand($"""
            with recursive owners(owner_id) as (
                (select owner_id from {Name} where owner_id is not null order by owner_id limit 1)
                union all
                select (select q.owner_id from {Name} q where q.owner_id > o.owner_id order by q.owner_id limit 1)
                from owners o where o.owner_id is not null),
            leased as (
                select owner_id, count(*)::int as running from {Name} where lease_expires >= now() group by owner_id),
            candidates as (
                select c.*, o.owner_id as owner, coalesce(l.running, 0) as running
                from owners o
                left join leased l on l.owner_id = o.owner_id
                cross join lateral (
                    select job_id, job_type, priority, enqueued_at from {Name} q
                    where q.owner_id = o.owner_id and ready_at <= now() and (lease_expires is null or lease_expires < now())
                      and job_type = any($7)
                    order by priority desc, enqueued_at
                    limit case when $6 = 0 then $3 else least($3, greatest(0, $6 - coalesce(l.running, 0))) end
                    for update skip locked) c
                where $8::text is null or o.owner_id = $8
                union all
                select c.*, null, 0 from (
                    select job_id, job_type, priority, enqueued_at from {Name}
                    where owner_id is null and $8::text is null
                      and ready_at <= now() and (lease_expires is null or lease_expires < now()) and job_type = any($7)
                    order by priority desc, enqueued_at
                    limit $3
                    for update skip locked) c),
            turns as (
                select c.*, c.running + row_number() over (partition by c.owner order by c.priority desc, c.enqueued_at) as turn
                from candidates c),
            typed as (
                select t.*, row_number() over (partition by t.job_type order by t.turn, t.priority desc, t.enqueued_at) as nth_of_type
                from turns t),
            capped as (
                select t.* from typed t
                left join unnest($4::text[], $5::int[]) as caps(job_type, remaining) on caps.job_type = t.job_type
                where caps.remaining is null or t.nth_of_type <= caps.remaining),
            chosen as (
                select c.job_id from (
                    select c.*, row_number() over (partition by c.turn > 1 order by c.turn, c.priority desc, c.enqueued_at) as nth_of_kind
                    from capped c) c
                where c.turn = 1 or c.nth_of_kind <= $3 - $9
                order by c.turn, c.priority desc, c.enqueued_at
                limit $3)
            update {Name} q set lease_owner = $1, lease_expires = now() + $2
            from chosen where q.job_id = chosen.job_id
            returning q.job_id
            """);
        command.Parameters.AddWithValue(leaseOwner);
        command.Parameters.AddWithValue(lease);
        command.Parameters.AddWithValue(limit);
        command.Parameters.AddWithValue(typeCaps.Keys.ToArray());
        command.Parameters.AddWithValue(typeCaps.Values.ToArray());
        command.Parameters.AddWithValue(maxRunningPerOwner);
        command.Parameters.AddWithValue(types.ToArray());
        command.Parameters.Add(new NpgsqlParameter { Value = (object?)jobOwner ?? DBNull.Value, NpgsqlDbType = NpgsqlTypes.NpgsqlDbType.Text });
        command.Parameters.AddWithValue(keptForNewcomers);

        // Statistics of a queue lag behind bursts: planned on those of a nearly empty table, each owner's backlog would be
        // read whole and sorted on every claim (milliseconds per thousand queued) instead of walked in index order.
        await using var batch = database.CreateBatch();
        batch.BatchCommands.Add(new NpgsqlBatchCommand("begin"));
        batch.BatchCommands.Add(new NpgsqlBatchCommand("set local enable_bitmapscan = off"));
        batch.BatchCommands.Add(command);
        batch.BatchCommands.Add(new NpgsqlBatchCommand("commit"));
        var claimed = new List<Guid>(limit);
        await using var reader = await batch.ExecuteReaderAsync(ct);
        do
        {
            while (await reader.ReadAsync(ct))
                claimed.Add(reader.GetGuid(0));
        }
        while (await reader.NextResultAsync(ct));
        return claimed;
    }

    /// <summary>Extends the lease of one job if <paramref name="leaseOwner"/> still holds it; false when it does not (any more).</summary>
    public async Task<bool> RenewOneAsync(string leaseOwner, Guid jobId, TimeSpan lease, CancellationToken ct)
    {
        await using var command = database.CreateCommand(
            $"update {Name} set lease_expires = now() + $3 where job_id = $2 and lease_owner = $1 and lease_expires >= now()");
        command.Parameters.AddWithValue(leaseOwner);
        command.Parameters.AddWithValue(jobId);
        command.Parameters.AddWithValue(lease);
        return await command.ExecuteNonQueryAsync(ct) == 1;
    }

    /// <summary>Extends the leases this host holds on the jobs it runs.</summary>
    public async Task RenewAsync(string owner, IReadOnlyCollection<Guid> jobIds, TimeSpan lease, CancellationToken ct)
    {
        if (jobIds.Count == 0)
            return;
        await using var command = database.CreateCommand(
            $"update {Name} set lease_expires = now() + $2 where lease_owner = $1 and job_id = any($3)");
        command.Parameters.AddWithValue(owner);
        command.Parameters.AddWithValue(lease);
        command.Parameters.AddWithValue(jobIds.ToArray());
        await command.ExecuteNonQueryAsync(ct);
    }

    /// <summary>How many jobs of each of <paramref name="types"/> are leased now, on any host or worker.</summary>
    public async Task<IReadOnlyDictionary<string, int>> LeasedByTypeAsync(IReadOnlyCollection<string> types, CancellationToken ct)
    {
        await using var command = database.CreateCommand(
            $"select job_type, count(*)::int from {Name} where job_type = any($1) and lease_expires >= now() group by job_type");
        command.Parameters.AddWithValue(types.ToArray());
        var leased = new Dictionary<string, int>(StringComparer.Ordinal);
        await using var reader = await command.ExecuteReaderAsync(ct);
        while (await reader.ReadAsync(ct))
            leased[reader.GetString(0)] = reader.GetInt32(1);
        return leased;
    }

    /// <summary>How many jobs each lease owner whose name starts with <paramref name="prefix"/> holds now.</summary>
    public async Task<IReadOnlyDictionary<string, int>> HeldByAsync(string prefix, CancellationToken ct)
    {
        await using var command = database.CreateCommand(
            $"select lease_owner, count(*)::int from {Name} where starts_with(lease_owner, $1) and lease_expires >= now() group by lease_owner");
        command.Parameters.AddWithValue(prefix);
        var held = new Dictionary<string, int>(StringComparer.Ordinal);
        await using var reader = await command.ExecuteReaderAsync(ct);
        while (await reader.ReadAsync(ct))
            held[reader.GetString(0)] = reader.GetInt32(1);
        return held;
    }

    /// <summary>The queue by job type: ready to claim, scheduled for later, or running under a live lease.</summary>
    public async Task<IReadOnlyList<QueueDepth>> DepthByTypeAsync(CancellationToken ct)
    {
        await using var command = database.CreateCommand($"""
            select coalesce(job_type, ''),
                count(*) filter (where (lease_expires is null or lease_expires < now()) and ready_at <= now())::int,
                count(*) filter (where (lease_expires is null or lease_expires < now()) and ready_at > now())::int,
                count(*) filter (where lease_expires >= now())::int
            from {Name} group by 1 order by 1
            """);
        var depths = new List<QueueDepth>();
        await using var reader = await command.ExecuteReaderAsync(ct);
        while (await reader.ReadAsync(ct))
            depths.Add(new QueueDepth(reader.GetString(0), reader.GetInt32(1), reader.GetInt32(2), reader.GetInt32(3)));
        return depths;
    }

    /// <summary>Jobs in the queue: waiting or being run.</summary>
    public async Task<long> DepthAsync(CancellationToken ct)
    {
        await using var command = database.CreateCommand($"select count(*) from {Name}");
        return (long)(await command.ExecuteScalarAsync(ct))!;
    }

    /// <summary>How many of <paramref name="ownerId"/>'s jobs are queued or running, counted up to <paramref name="atMost"/>.</summary>
    public async Task<int> CountOwnedAsync(string ownerId, int atMost, CancellationToken ct)
    {
        await using var command = database.CreateCommand($"select count(*)::int from (select 1 from {Name} where owner_id = $1 limit $2) owned");
        command.Parameters.AddWithValue(ownerId);
        command.Parameters.AddWithValue(atMost);
        return (int)(await command.ExecuteScalarAsync(ct))!;
    }

    public async Task<bool> ContainsAsync(Guid jobId, CancellationToken ct)
    {
        await using var command = database.CreateCommand($"select exists (select 1 from {Name} where job_id = $1)");
        command.Parameters.AddWithValue(jobId);
        return (bool)(await command.ExecuteScalarAsync(ct))!;
    }

    /// <summary>Queues a job outside any session, for jobs found committed but not queued.</summary>
    public async Task EnqueueAsync(QueueEntry entry, CancellationToken ct)
    {
        await using var batch = database.CreateBatch();
        var insert = new NpgsqlBatchCommand(
            $"insert into {Name} (job_id, priority, ready_at, enqueued_at, job_type, owner_id) values ($1, $2, coalesce($3, now()), now(), $4, $5) on conflict (job_id) do nothing");
        insert.Parameters.AddWithValue(entry.JobId);
        insert.Parameters.AddWithValue(entry.Priority);
        insert.Parameters.Add(new NpgsqlParameter { Value = Parameter(entry.ReadyAt), NpgsqlDbType = NpgsqlTypes.NpgsqlDbType.TimestampTz });
        insert.Parameters.AddWithValue(entry.Type);
        insert.Parameters.AddWithValue(entry.OwnerId);
        batch.BatchCommands.Add(insert);
        batch.BatchCommands.Add(new NpgsqlBatchCommand(QueueNotice.Sql(entry.OwnerId, entry.Type)));
        await batch.ExecuteNonQueryAsync(ct);
    }

    /// <summary>A connection listening for new jobs; <paramref name="onNotified"/> runs for each notification.</summary>
    public Task<NpgsqlConnection> ListenAsync(Action onNotified, CancellationToken ct) =>
        PostgresNotifications.ListenAsync(database, Channel, onNotified, ct);

    /// <summary>A connection listening for new jobs; <paramref name="onNotice"/> learns whose job of which type each is.</summary>
    public Task<NpgsqlConnection> ListenForNoticesAsync(Action<QueueNotice> onNotice, CancellationToken ct) =>
        PostgresNotifications.ListenAsync(database, Channel, payload => onNotice(QueueNotice.Parse(payload)), ct);
}

/// <summary>
/// What a notification of the queue says: a job of <paramref name="Type"/> of <paramref name="OwnerId"/>'s is ready or
/// will be; both null when it does not say, which concerns every listener.
/// </summary>
public sealed record QueueNotice(string? OwnerId, string? Type)
{
    /// <summary>
    /// The notification of a job of <paramref name="ownerId"/>'s of <paramref name="type"/>. NOTIFY takes no parameters
    /// (and pg_notify, a function, would answer a row that a batch of writes does not expect), so the payload is a literal.
    /// </summary>
    public static string Sql(string ownerId, string type) => $"notify {JobQueue.Channel}, '{Payload(ownerId, type)}'";

    public static QueueNotice Parse(string payload) =>
        payload.IndexOf(' ') is > 0 and var space ? new(payload[..space], payload[(space + 1)..]) : new(null, null);

    // "{owner} {type}"; one that could not be written as a plain literal names no job, and so wakes every listener.
    private static string Payload(string ownerId, string type) => IsPlain(ownerId) && IsPlain(type) ? $"{ownerId} {type}" : "";

    private static bool IsPlain(string text) => text.Length is > 0 and <= 200 && text.All(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_');
}

/// <summary>What the queue keeps of a job: enough to order and limit claims.</summary>
public sealed record QueueEntry(Guid JobId, int Priority, DateTimeOffset? ReadyAt, string Type, string OwnerId);

