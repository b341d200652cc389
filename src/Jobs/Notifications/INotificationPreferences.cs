using Platform.Contracts.Accounts;

namespace Platform.Jobs.Notifications;

/// <summary>What a user wants to be notified of; null for a user who cannot be notified (unknown or disabled).</summary>
public interface INotificationPreferences
{
    ValueTask<NotificationPreferences?> OfAsync(Guid userId, CancellationToken ct);
}
