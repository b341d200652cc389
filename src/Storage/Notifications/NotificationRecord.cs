using Platform.Contracts.Notifications;

namespace Platform.Storage.Notifications;

/// <summary>One notification of one user, as stored; an admin broadcast is stored once per recipient so each reads it on their own.</summary>
public sealed class NotificationRecord
{
    public Guid Id { get; set; }
    public string OwnerId { get; set; } = "";
    public NotificationKind Kind { get; set; }
    public string Title { get; set; } = "";
    public string Message { get; set; } = "";
    public Guid? JobId { get; set; }
    public Guid? BroadcastId { get; set; }
    public Guid? RoomId { get; set; }
    public Guid? MessageId { get; set; }
    public DateTimeOffset CreatedAt { get; set; }
    public DateTimeOffset? ReadAt { get; set; }

    public Notification ToContract() => new(Id, Kind, Title, Message, CreatedAt, ReadAt is not null, JobId, RoomId, MessageId);
}
