namespace Platform.Contracts.Notifications;

/// <summary>
/// Something a user is told about: pushed live over the hub and kept, unread until they read it. What it is about is
/// named by <see cref="JobId"/> (a job's outcome) or <see cref="RoomId"/> and <see cref="MessageId"/> (a mention).
/// </summary>
public sealed record Notification(
    Guid Id,
    NotificationKind Kind,
    string Title,
    string Message,
    DateTimeOffset CreatedAt,
    bool Read,
    Guid? JobId = null,
    Guid? RoomId = null,
    Guid? MessageId = null);

public enum NotificationKind
{
    JobSucceeded,
    JobFailed,
    AdminBroadcast,

    /// <summary>A message of a stored room the user is a member of mentions them.</summary>
    Mention,

    /// <summary>The available credits of the user, or of an organization they administer, fell below the threshold set for them.</summary>
    BalanceLow,
}

/// <summary>Body of <c>POST /api/v1/admin/broadcasts</c>.</summary>
public sealed record BroadcastRequest(string? Title, string? Message);

/// <summary>How many users an admin broadcast was stored for (those whose preference is on).</summary>
public sealed record BroadcastSent(Guid BroadcastId, int Recipients);

/// <summary>Answer of <c>POST /api/v1/notifications/read-all</c>.</summary>
public sealed record NotificationsRead(int Marked);
