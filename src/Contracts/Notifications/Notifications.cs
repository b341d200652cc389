namespace Platform.Contracts.Notifications;

/// <summary>Something a user is told about: pushed live over the hub and kept, unread until they read it.</summary>
public sealed record Notification(
    Guid Id,
    NotificationKind Kind,
    string Title,
    string Message,
    DateTimeOffset CreatedAt,
    bool Read,
    Guid? JobId = null);

public enum NotificationKind
{
    JobSucceeded,
    JobFailed,
    AdminBroadcast,
}

/// <summary>Body of <c>POST /api/v1/admin/broadcasts</c>.</summary>
public sealed record BroadcastRequest(string? Title, string? Message);

/// <summary>How many users an admin broadcast was stored for (those whose preference is on).</summary>
public sealed record BroadcastSent(Guid BroadcastId, int Recipients);

/// <summary>Answer of <c>POST /api/v1/notifications/read-all</c>.</summary>
public sealed record NotificationsRead(int Marked);
