using Microsoft.AspNetCore.SignalR;
using Platform.Contracts.Rooms;
using Platform.Hubs.Rooms;
using Platform.Jobs.Rooms;

namespace Platform.Hubs;

// Stored rooms live: watching their messages, posting and typing, by the same rules as REST (RoomService).
public sealed partial class JobsHub
{
    private RoomService Rooms => Service<RoomService>();

    private RoomWatchers RoomWatchers => Service<RoomWatchers>();

    private RoomTypingRelay RoomTyping => Service<RoomTypingRelay>();

    public async Task WatchRoom(Guid roomId, long afterSeq)
    {
        if (afterSeq < 0)
            throw new HubException("afterSeq must be 0 or more.");
        if (!await Rooms.CanReadAsync(UserId, roomId, Context.ConnectionAborted))
            throw new HubException($"Room {roomId} was not found.");
        await RoomWatchers.WatchAsync(Context.ConnectionId, UserId, roomId, afterSeq);
    }

    public Task UnwatchRoom(Guid roomId)
    {
        RoomWatchers.Unwatch(Context.ConnectionId, roomId);
        return Task.CompletedTask;
    }

    public async Task<ChatMessage> PostToRoom(Guid roomId, string text) =>
        (await Rooms.PostAsync(UserId, DisplayName, roomId, text, Context.ConnectionAborted)).ValueOrThrow();

    public async Task TypingInRoom(Guid roomId) =>
        (await RoomTyping.TypingAsync(Context.ConnectionId, UserId, DisplayName, roomId, Context.ConnectionAborted)).ValueOrThrow();
}
