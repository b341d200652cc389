using Platform.Contracts.Rooms;
using Platform.Storage.Rooms;

namespace Platform.Jobs.Rooms;

/// <summary>Who may do what in a room: one place for every check the API and the hub make.</summary>
public static class RoomRules
{
    /// <summary>A private room is as absent as an unknown one to whoever is not in it.</summary>
    public static bool CanSee(RoomRecord room, MemberRecord? member) => member is not null || room.Visibility == RoomVisibility.Public;

    /// <summary>Members read a room's history and watch it live; a public room is open to read before joining.</summary>
    public static bool CanRead(RoomRecord room, MemberRecord? member) => CanSee(room, member);

    public static bool CanPost(RoomRecord room, MemberRecord? member) => member is not null && room.ArchivedAt is null;

    /// <summary>Those who may post react, and take their reactions back: members, while the room is not archived.</summary>
    public static bool CanReact(RoomRecord room, MemberRecord? member) => CanPost(room, member);

    public static bool CanJoin(RoomRecord room) => room.Visibility == RoomVisibility.Public && room.ArchivedAt is null;

    /// <summary>Owners rename, archive, delete, and give roles.</summary>
    public static bool CanManage(MemberRecord? member) => member?.Role == RoomRole.Owner;

    /// <summary>Moderators (and owners) add and remove members and delete others' messages.</summary>
    public static bool CanModerate(MemberRecord? member) => member?.Role is RoomRole.Owner or RoomRole.Moderator;

    /// <summary>
    /// Only members see each other's read markers; anyone else who may read the room sees who its members are and their
    /// roles.
    /// </summary>
    public static bool CanSeeReadMarkers(MemberRecord? member) => member is not null;

    /// <summary>Authors edit their own messages while they may post in the room; a former member's stay as they left them.</summary>
    public static bool CanEdit(RoomRecord room, MemberRecord? member, ChatMessage message) =>
        CanPost(room, member) && IsOwn(member!, message);

    /// <summary>Members delete their own messages, moderators anyone's; a former member deletes nothing.</summary>
    public static bool CanDelete(MemberRecord? member, ChatMessage message) =>
        member is not null && !message.Deleted && (IsOwn(member, message) || CanModerate(member));

    /// <summary>A moderator removes members; only an owner removes a moderator or another owner; anyone may leave.</summary>
    public static bool CanRemove(MemberRecord? remover, MemberRecord removed) =>
        remover is not null && (remover.UserId == removed.UserId
            || remover.Role == RoomRole.Owner
            || remover.Role == RoomRole.Moderator && removed.Role == RoomRole.Member);

    private static bool IsOwn(MemberRecord member, ChatMessage message) =>
        message.Kind == ChatMessageKind.User && message.AuthorId == member.UserId && !message.Deleted;
}
