using Platform.Storage.Notifications;

namespace Platform.Jobs.Notifications;

/// <summary>Tells a user, live, of a notification stored with their job's events; the hubs implement it.</summary>
public interface INotificationPusher
{
    /// <summary>Best effort: one who misses it (offline, Redis down) still finds it unread.</summary>
    Task PushAsync(NotificationRecord notification);
}
