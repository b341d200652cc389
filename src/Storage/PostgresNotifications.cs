using Npgsql;

namespace Platform.Storage;

public static class PostgresNotifications
{
    /// <summary>A connection listening on <paramref name="channel"/>; <paramref name="onNotified"/> runs for each notification while it is read.</summary>
    public static async Task<NpgsqlConnection> ListenAsync(NpgsqlDataSource database, string channel, Action onNotified, CancellationToken ct)
    {
        var connection = await database.OpenConnectionAsync(ct);
        connection.Notification += (_, _) => onNotified();
        await using var command = new NpgsqlCommand($"listen {channel}", connection);
        await command.ExecuteNonQueryAsync(ct);
        return connection;
    }
}
