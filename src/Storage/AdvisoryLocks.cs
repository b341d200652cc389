using Npgsql;

namespace Platform.Storage;

/// <summary>PostgreSQL advisory locks held for a transaction: how one owner's limited creations are counted one at a time.</summary>
public static class AdvisoryLocks
{
    /// <summary>Waits for, then holds until <paramref name="transaction"/> ends, the lock named by <paramref name="space"/> and <paramref name="key"/>.</summary>
    public static async Task HoldAsync(NpgsqlTransaction transaction, int space, string key, CancellationToken ct)
    {
        await using var command = new NpgsqlCommand("select pg_advisory_xact_lock($1, hashtext($2))", transaction.Connection, transaction);
        command.Parameters.AddWithValue(space);
        command.Parameters.AddWithValue(key);
        await command.ExecuteNonQueryAsync(ct);
    }
}
