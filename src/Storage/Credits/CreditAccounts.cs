using Npgsql;

namespace Platform.Storage.Credits;

/// <summary>Reads of balances and the owner's credit settings, and the writes that are not ledger entries.</summary>
public sealed class CreditAccounts(NpgsqlDataSource database)
{
    private const string AccountColumns = "owner_id, balance, held, low_threshold, end_user_max_queued, end_user_credits_per_day";

    /// <summary>The owner's account; an empty one when nothing was ever granted or held.</summary>
    public async Task<CreditAccount> GetAsync(string ownerId, CancellationToken ct)
    {
        await using var command = database.CreateCommand($"select {AccountColumns} from {CreditTables.Balances} where owner_id = $1");
        command.Parameters.AddWithValue(ownerId);
        await using var reader = await command.ExecuteReaderAsync(ct);
        return await reader.ReadAsync(ct) ? Read(reader) : CreditAccount.Empty(ownerId);
    }

    /// <summary>Replaces the owner's credit settings; a lower threshold may be crossed already, so it may be told again.</summary>
    public async Task<CreditAccount> SetSettingsAsync(string ownerId, long? lowThreshold, int? endUserMaxQueued, long? endUserCreditsPerDay,
        CancellationToken ct)
    {
        await using var command = database.CreateCommand($"""
            insert into {CreditTables.Balances} (owner_id, low_threshold, end_user_max_queued, end_user_credits_per_day) values ($1, $2, $3, $4)
            on conflict (owner_id) do update set low_threshold = $2, end_user_max_queued = $3, end_user_credits_per_day = $4, low_told = false
            returning {AccountColumns}
            """);
        command.Parameters.AddWithValue(ownerId);
        command.Parameters.Add(new NpgsqlParameter<long?> { TypedValue = lowThreshold });
        command.Parameters.Add(new NpgsqlParameter<int?> { TypedValue = endUserMaxQueued });
        command.Parameters.Add(new NpgsqlParameter<long?> { TypedValue = endUserCreditsPerDay });
        await using var reader = await command.ExecuteReaderAsync(ct);
        await reader.ReadAsync(ct);
        return Read(reader);
    }

    /// <summary>
    /// The owners whose available credits are now below their threshold and were not yet told so; they count as told from
    /// here, on every host, until their credits rise to it again.
    /// </summary>
    public async Task<IReadOnlyList<CreditAccount>> NewlyLowAsync(CancellationToken ct)
    {
        await using var command = database.CreateCommand($"""
            update {CreditTables.Balances} set low_told = (balance - held < low_threshold)
            where low_threshold is not null and low_told <> (balance - held < low_threshold)
            returning {AccountColumns}, low_told
            """);
        var low = new List<CreditAccount>();
        await using var reader = await command.ExecuteReaderAsync(ct);
        while (await reader.ReadAsync(ct))
            if (reader.GetBoolean(6))
                low.Add(Read(reader));
        return low;
    }

    /// <summary>What one end user of the owner has spent today (UTC) and holds now, in credits.</summary>
    public async Task<long> EndUserSpendTodayAsync(string ownerId, string endUser, DateTimeOffset now, CancellationToken ct)
    {
        await using var command = database.CreateCommand($"""
            select (coalesce(sum(held), 0) + coalesce(sum(-amount) filter (where kind = 'charge' and at >= $3), 0))::bigint
            from {CreditTables.Ledger} where owner_id = $1 and end_user = $2
            """);
        command.Parameters.AddWithValue(ownerId);
        command.Parameters.AddWithValue(endUser);
        command.Parameters.AddWithValue(new DateTimeOffset(now.UtcDateTime.Date, TimeSpan.Zero));
        return (long)(await command.ExecuteScalarAsync(ct) ?? 0L);
    }

    private static CreditAccount Read(NpgsqlDataReader reader) => new(
        reader.GetString(0), reader.GetInt64(1), reader.GetInt64(2),
        reader.IsDBNull(3) ? null : reader.GetInt64(3),
        reader.IsDBNull(4) ? null : reader.GetInt32(4),
        reader.IsDBNull(5) ? null : reader.GetInt64(5));
}
