using Marten;
using Platform.Contracts.Accounts;
using Platform.Storage.Accounts;

namespace Platform.Hubs.Notifications;

/// <summary>What a user wants to be notified of; null for a user who cannot be notified (unknown or disabled).</summary>
public interface INotificationPreferences
{
    ValueTask<NotificationPreferences?> OfAsync(Guid userId, CancellationToken ct);
}

/// <summary>Reads the account on every call; a host with an account cache replaces it with a cached one.</summary>
public sealed class StoredNotificationPreferences(IDocumentStore store) : INotificationPreferences
{
    public async ValueTask<NotificationPreferences?> OfAsync(Guid userId, CancellationToken ct)
    {
        await using var documents = store.QuerySession();
        return await documents.LoadAsync<UserAccount>(userId, ct) is { Disabled: false } user ? user.Settings.Notifications : null;
    }
}
