using Platform.Contracts.Rooms;

namespace Platform.Contracts.Hubs;

/// <summary>Stored rooms live: their messages as they are stored, and who is typing.</summary>
public interface IRoomsHub
{
    /// <summary>
    /// Watches a stored room the caller may read: every message after <paramref name="afterSeq"/>, then each new one, in
    /// sequence and once. A private room of others is answered as not found.
    /// </summary>
    Task WatchRoom(Guid roomId, long afterSeq);

    Task UnwatchRoom(Guid roomId);

    /// <summary>Stores a message in a room the caller is a member of and delivers it to its watchers; answers the stored message.</summary>
    Task<ChatMessage> PostToRoom(Guid roomId, string text);

    /// <summary>Tells the room's other watchers the caller is typing; members only, passed on at most every Hubs:TypingInterval.</summary>
    Task TypingInRoom(Guid roomId);
}

public interface IRoomsClient
{
    /// <summary>A message stored in a room this connection watches: per room once each, in sequence (<see cref="Rooms.ChatMessage.Seq"/>).</summary>
    Task ChatMessage(ChatMessage message);

    /// <summary>A message of a watched room was edited or deleted: the message as it is now.</summary>
    Task ChatMessageChanged(ChatMessage message);

    /// <summary>Another member of a watched room is typing.</summary>
    Task RoomTyping(RoomTyping typing);

    /// <summary>The connection no longer watches the room (left, removed, or the room deleted).</summary>
    Task RoomLeft(RoomLeft left);
}
