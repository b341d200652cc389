using Microsoft.AspNetCore.SignalR.Client;
using Platform.Contracts.Hubs;
using Platform.Contracts.Notifications;

namespace Platform.Client;

// Notifications: pushed to every connection of the caller's, nothing to ask for or restore.
public sealed partial class PlatformLiveConnection
{
    /// <summary>A new notification of the caller's: a job of theirs finished, or an admin broadcast.</summary>
    public event Func<Notification, Task>? NotificationReceived;

    private void ListenToNotifications() =>
        _connection.On<Notification>(nameof(IJobsClient.Notification), notification => RaiseAsync(NotificationReceived, notification));
}
