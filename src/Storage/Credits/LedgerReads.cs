using Npgsql;
using NpgsqlTypes;

namespace Platform.Storage.Credits;

/// <param name="Kind">Only entries of this kind (<see cref="LedgerKinds"/>); null for all.</param>
public sealed record LedgerFilter(string OwnerId, string? Kind, Guid? JobId, string? EndUser, DateTimeOffset? From, DateTimeOffset? To,
    int PageNumber, int PageSize);

/// <summary>The owner's sums as their balance row has them and as their ledger entries add up; the two never differ unless something is wrong.</summary>
public sealed record LedgerSums(string OwnerId, long Balance, long Held, long EntriesBalance, long EntriesHeld)
{
    public bool Agree => Balance == EntriesBalance && Held == EntriesHeld;
}

/// <summary>The ledger read back: pages of an owner's entries, and every owner's sums recomputed.</summary>
public sealed class LedgerReads(NpgsqlDataSource database)
{
    /// <summary>One page of the owner's entries, newest first, and how many match in all.</summary>
    public async Task<(IReadOnlyList<LedgerEntryRow> Entries, long Total)> PageAsync(LedgerFilter filter, CancellationToken ct)
    {
        const string where = """
            owner_id = $1 and ($2::text is null or kind = $2) and ($3::uuid is null or job_id = $3)
            and ($4::text is null or end_user = $4) and ($5::timestamptz is null or at >= $5) and ($6::timestamptz is null or at < $6)
            """;
        await using var batch = database.CreateBatch();
        batch.BatchCommands.Add(Filtered($"""
            select id, owner_id, kind, amount, held, job_id, job_type, project_id, end_user, member, actor, reason, at
            from {CreditTables.Ledger} where {where} order by at desc, seq desc, id desc limit $7 offset $8
            """, filter));
        batch.BatchCommands.Add(Filtered($"select count(*) from {CreditTables.Ledger} where {where}", filter));
        var entries = new List<LedgerEntryRow>();
        await using var reader = await batch.ExecuteReaderAsync(ct);
        while (await reader.ReadAsync(ct))
            entries.Add(Read(reader));
        await reader.NextResultAsync(ct);
        await reader.ReadAsync(ct);
        return (entries, reader.GetInt64(0));
    }

    /// <summary>What was refunded of one job's charges so far.</summary>
    public async Task<long> RefundedAsync(Guid jobId, CancellationToken ct)
    {
        await using var command = database.CreateCommand(
            $"select coalesce(sum(amount), 0)::bigint from {CreditTables.Ledger} where job_id = $1 and kind = '{LedgerKinds.Refund}'");
        command.Parameters.AddWithValue(jobId);
        return (long)(await command.ExecuteScalarAsync(ct) ?? 0L);
    }

    /// <summary>
    /// Every owner whose balance row and ledger entries do not add up, recomputed in one snapshot (a commit adds
    /// entries and their sum together, so no write in flight can make them differ); none when all is well.
    /// </summary>
    public async Task<(int Owners, IReadOnlyList<LedgerSums> Differences)> CheckAsync(string? ownerId, CancellationToken ct)
    {
        await using var command = database.CreateCommand($"""
            select coalesce(b.owner_id, l.owner_id), coalesce(b.balance, 0), coalesce(b.held, 0), coalesce(l.amount, 0), coalesce(l.held, 0)
            from (select * from {CreditTables.Balances} where $1::text is null or owner_id = $1) b
            full join (select owner_id, sum(amount)::bigint as amount, sum(held)::bigint as held from {CreditTables.Ledger}
                       where $1::text is null or owner_id = $1 group by owner_id) l on l.owner_id = b.owner_id
            """);
        command.Parameters.Add(new NpgsqlParameter { Value = (object?)ownerId ?? DBNull.Value, NpgsqlDbType = NpgsqlDbType.Text });
        var (owners, differences) = (0, new List<LedgerSums>());
        await using var reader = await command.ExecuteReaderAsync(ct);
        while (await reader.ReadAsync(ct))
        {
            owners++;
            var sums = new LedgerSums(reader.GetString(0), reader.GetInt64(1), reader.GetInt64(2), reader.GetInt64(3), reader.GetInt64(4));
            if (!sums.Agree)
                differences.Add(sums);
        }
        return (owners, differences);
    }

    private static NpgsqlBatchCommand Filtered(string sql, LedgerFilter filter)
    {
        var command = new NpgsqlBatchCommand(sql);
        command.Parameters.AddWithValue(filter.OwnerId);
        command.Parameters.Add(new NpgsqlParameter { Value = (object?)filter.Kind ?? DBNull.Value, NpgsqlDbType = NpgsqlDbType.Text });
        command.Parameters.Add(new NpgsqlParameter { Value = (object?)filter.JobId ?? DBNull.Value, NpgsqlDbType = NpgsqlDbType.Uuid });
        command.Parameters.Add(new NpgsqlParameter { Value = (object?)filter.EndUser ?? DBNull.Value, NpgsqlDbType = NpgsqlDbType.Text });
        command.Parameters.Add(new NpgsqlParameter { Value = (object?)filter.From?.ToUniversalTime() ?? DBNull.Value, NpgsqlDbType = NpgsqlDbType.TimestampTz });
        command.Parameters.Add(new NpgsqlParameter { Value = (object?)filter.To?.ToUniversalTime() ?? DBNull.Value, NpgsqlDbType = NpgsqlDbType.TimestampTz });
        if (sql.Contains("$7"))
        {
            command.Parameters.AddWithValue(filter.PageSize);
            command.Parameters.AddWithValue((filter.PageNumber - 1) * filter.PageSize);
        }
        return command;
    }

    private static LedgerEntryRow Read(NpgsqlDataReader reader) =>
        new(reader.GetString(1), reader.GetString(2), reader.GetInt64(3), reader.GetInt64(4),
            reader.IsDBNull(5) ? null : reader.GetGuid(5), reader.IsDBNull(6) ? null : reader.GetString(6),
            reader.IsDBNull(7) ? null : reader.GetGuid(7), reader.IsDBNull(8) ? null : reader.GetString(8),
            reader.IsDBNull(9) ? null : reader.GetString(9), reader.IsDBNull(10) ? null : reader.GetString(10),
            reader.IsDBNull(11) ? null : reader.GetString(11))
        { Id = reader.GetGuid(0), At = reader.GetFieldValue<DateTimeOffset>(12) };
}
