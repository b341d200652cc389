using Platform.Contracts.Rooms;

namespace Platform.Jobs.Rooms;

/// <summary>
/// What happened in a room, as hosts tell each other: a message stored (or changed, when <see cref="Changed"/>), a
/// member removed, the room made private (<see cref="MadePrivate"/>) or deleted, or someone typing. Each host hands it
/// to the connections watching the room. The message's reactions say <see cref="MessageReaction.Mine"/> as
/// <see cref="Viewer"/> sees them: their connections get it so, the others without it, as their own reactions did not
/// change. <see cref="AccessVersion"/> is the room's access version the event happened under (a removal or a making
/// private: the one it took): a watcher last found to read the room at an older one is asked again before it gets more.
/// </summary>
public sealed record RoomEvent(Guid RoomId, ChatMessage? Message = null, bool Changed = false, Guid? MemberRemoved = null, bool Deleted = false,
    RoomTyping? Typing = null, string? TypingConnection = null, Guid? Viewer = null, long AccessVersion = 0, bool MadePrivate = false);

/// <summary>Tells every host's watchers of a room what happened in it.</summary>
public interface IRoomEventPublisher
{
    ValueTask PublishAsync(RoomEvent roomEvent);
}
