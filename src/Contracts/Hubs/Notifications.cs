using Platform.Contracts.Notifications;

namespace Platform.Contracts.Hubs;

public interface INotificationsClient
{
    /// <summary>A new notification of the caller's (job finished, admin broadcast), on every one of their connections.</summary>
    Task Notification(Notification notification);
}
