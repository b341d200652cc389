using Npgsql;

namespace Platform.Storage.Credits;

/// <summary>The platform's own grants, once per owner and period however many hosts make them at once.</summary>
public sealed class Allowances(NpgsqlDataSource database)
{
    /// <summary>Grants <paramref name="amount"/> for the period <paramref name="period"/> names, unless it was granted already.</summary>
    public async Task GrantOnceAsync(string ownerId, long amount, string period, CancellationToken ct)
    {
        await using var command = database.CreateCommand($"""
            with granted as (
                insert into {CreditTables.Ledger} (id, owner_id, kind, amount, held, reason, once_key)
                values ($1, $2, '{LedgerKinds.Allowance}', $3, 0, $4, $5)
                on conflict (once_key) where once_key is not null do nothing
                returning amount)
            insert into {CreditTables.Balances} (owner_id, balance) select $2, amount from granted
            on conflict (owner_id) do update set balance = {CreditTables.Balances}.balance + excluded.balance
            """);
        command.Parameters.AddWithValue(Guid.CreateVersion7());
        command.Parameters.AddWithValue(ownerId);
        command.Parameters.AddWithValue(amount);
        command.Parameters.AddWithValue($"allowance for {period}");
        command.Parameters.AddWithValue($"allowance:{ownerId}:{period}");
        await command.ExecuteNonQueryAsync(ct);
    }
}
