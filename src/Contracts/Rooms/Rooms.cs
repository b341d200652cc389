namespace Platform.Contracts.Rooms;

/// <summary>Who may find and join a room: anyone signed in (public), or only those a manager adds (private).</summary>
public enum RoomVisibility
{
    Public,
    Private,
}

/// <summary>
/// A member's role: owners manage the room and its roles, moderators remove members and messages, members read and
/// write.
/// </summary>
public enum RoomRole
{
    Member,
    Moderator,
    Owner,
}

/// <summary>
/// A room as the caller sees it. <see cref="LastSeq"/> is the sequence number of its newest message; for a member,
/// <see cref="MyRole"/> and <see cref="Unread"/> (messages after their read marker, their own excluded) are set.
/// <see cref="RetentionDays"/> null keeps messages for ever.
/// </summary>
public sealed record Room(
    Guid Id,
    string Name,
    string? Topic,
    RoomVisibility Visibility,
    DateTimeOffset CreatedAt,
    DateTimeOffset? ArchivedAt,
    long LastSeq,
    int Members,
    int? RetentionDays,
    RoomRole? MyRole = null,
    long? Unread = null);

/// <summary>Body of <c>POST /api/v1/rooms</c>; the creator is its owner.</summary>
public sealed record CreateRoomRequest(string? Name, string? Topic = null, RoomVisibility? Visibility = null, int? RetentionDays = null);

/// <summary>
/// Body of <c>PATCH /api/v1/rooms/{id}</c> (owners): only the fields given change; <c>retentionDays</c> 0 keeps messages
/// for ever; <c>archived</c> true makes the room read-only.
/// </summary>
public sealed record UpdateRoomRequest(string? Name = null, string? Topic = null, RoomVisibility? Visibility = null, int? RetentionDays = null,
    bool? Archived = null);

/// <summary>
/// A member of a room. <see cref="LastReadSeq"/>, their read marker, is shown to the room's members only: null (left out)
/// to anyone else.
/// </summary>
public sealed record RoomMember(Guid UserId, string DisplayName, RoomRole Role, DateTimeOffset JoinedAt, long? LastReadSeq);

/// <summary>Body of <c>POST /api/v1/rooms/{id}/members</c>: add a user (member unless a role is given).</summary>
public sealed record AddMemberRequest(Guid? UserId, RoomRole? Role = null);

/// <summary>Body of <c>PUT /api/v1/rooms/{id}/members/{userId}/role</c>.</summary>
public sealed record ChangeMemberRoleRequest(RoomRole? Role);

/// <summary>What a message is: a person's, or one the platform posted (a job's start, progress or result).</summary>
public enum ChatMessageKind
{
    User,
    System,
}

/// <summary>
/// A stored message. <see cref="Seq"/> numbers a room's messages 1, 2, 3… in the order they were stored; a client that
/// saw up to n asks for what came after n and misses nothing. A deleted message keeps its place with no text and no
/// reactions. <see cref="Reactions"/> counts each emoji once per user, in the order each was first given.
/// </summary>
public sealed record ChatMessage(
    Guid Id,
    Guid RoomId,
    long Seq,
    ChatMessageKind Kind,
    Guid? AuthorId,
    string? AuthorName,
    string Text,
    DateTimeOffset SentAt,
    DateTimeOffset? EditedAt = null,
    bool Deleted = false,
    Guid? JobId = null,
    IReadOnlyList<MessageReaction>? Reactions = null);

/// <summary>Body of <c>POST /api/v1/rooms/{id}/messages</c> and of an edit.</summary>
public sealed record SendMessageRequest(string? Text);

/// <summary>
/// A page of a room's history in sequence order. <see cref="Before"/> asks for the page before it (older), null at
/// the room's first message; <see cref="After"/> for the page after it, null at its newest.
/// </summary>
public sealed record MessagePage(IReadOnlyList<ChatMessage> Messages, long? Before, long? After);

/// <summary>A member of a watched room is typing (live only, never stored).</summary>
public sealed record RoomTyping(Guid RoomId, Guid UserId, string DisplayName, DateTimeOffset At);

/// <summary>This connection no longer watches the room, for the <see cref="RoomLeftReason"/> given.</summary>
public sealed record RoomLeft(Guid RoomId, string Reason);

/// <summary>Why a watch of a room ended (<see cref="RoomLeft.Reason"/>); clients should treat a reason they do not know as the end of the watch too.</summary>
public static class RoomLeftReason
{
    /// <summary>The caller left the room or was removed from it.</summary>
    public const string Removed = "removed";

    /// <summary>The room was deleted.</summary>
    public const string Deleted = "deleted";

    /// <summary>The room was made private and the caller is not a member: it is now as absent to them as an unknown one.</summary>
    public const string Private = "private";
}
