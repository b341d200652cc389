using Npgsql;

namespace Platform.Storage;

public static class PostgresNotifications
{
    /// <summary>A connection listening on <paramref name="channel"/>; <paramref name="onNotified"/> runs for each notification while it is read.</summary>
    public static Task<NpgsqlConnection> ListenAsync(NpgsqlDataSource database, string channel, Action onNotified, CancellationToken ct) =>
        ListenAsync(database, channel, _ => onNotified(), ct);

    /// <summary>A connection listening on <paramref name="channel"/>; <paramref name="onNotified"/> gets each notification's payload while it is read.</summary>
    public static async Task<NpgsqlConnection> ListenAsync(NpgsqlDataSource database, string channel, Action<string> onNotified, CancellationToken ct)
    {
        var connection = await database.OpenConnectionAsync(ct);
        connection.Notification += (_, notification) => onNotified(notification.Payload);
        await using var command = new NpgsqlCommand($"listen {channel}", connection);
        await command.ExecuteNonQueryAsync(ct);
        return connection;
    }
}
