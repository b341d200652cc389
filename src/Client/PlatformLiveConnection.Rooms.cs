using Microsoft.AspNetCore.SignalR.Client;
using Platform.Contracts.Hubs;
using Platform.Contracts.Rooms;

namespace Platform.Client;

// Stored rooms live: each watched room's messages once and in sequence, across reconnects; posting and typing.
public sealed partial class PlatformLiveConnection
{
    // Rooms watched, each with the sequence number of the last message delivered.
    private readonly Dictionary<Guid, long> _rooms = [];

    /// <summary>A message stored in a watched room: each once, in sequence, across reconnects.</summary>
    public event Func<ChatMessage, Task>? ChatMessageReceived;

    /// <summary>A message of a watched room was edited or deleted: as it is now.</summary>
    public event Func<ChatMessage, Task>? ChatMessageChanged;

    /// <summary>Another member of a watched room is typing.</summary>
    public event Func<RoomTyping, Task>? RoomTypingReceived;

    /// <summary>A watched room is watched no more: the caller left or was removed, or it was deleted.</summary>
    public event Func<RoomLeft, Task>? RoomLeft;

    /// <summary>
    /// Watches a stored room: every message after <paramref name="afterSeq"/>, then each new one, in sequence; after a
    /// reconnect it resumes after the last one delivered, so none is missed or seen twice.
    /// </summary>
    public async Task WatchRoomAsync(Guid roomId, long afterSeq = 0, CancellationToken ct = default)
    {
        lock (_gate)
            _rooms[roomId] = afterSeq;
        try
        {
            await _connection.InvokeAsync(nameof(IJobsHub.WatchRoom), roomId, afterSeq, ct);
        }
        catch
        {
            lock (_gate)
                _rooms.Remove(roomId);
            throw;
        }
    }

    public async Task UnwatchRoomAsync(Guid roomId, CancellationToken ct = default)
    {
        lock (_gate)
            _rooms.Remove(roomId);
        await _connection.InvokeAsync(nameof(IJobsHub.UnwatchRoom), roomId, ct);
    }

    /// <summary>Stores a message in a room the caller belongs to; answers it as stored, with its sequence number.</summary>
    public Task<ChatMessage> PostToRoomAsync(Guid roomId, string text, CancellationToken ct = default) =>
        _connection.InvokeAsync<ChatMessage>(nameof(IJobsHub.PostToRoom), roomId, text, ct);

    /// <summary>Tells a room's other watchers the caller is typing; passed on at most once per Hubs:TypingInterval.</summary>
    public Task TypingInRoomAsync(Guid roomId, CancellationToken ct = default) =>
        _connection.InvokeAsync(nameof(IJobsHub.TypingInRoom), roomId, ct);

    private void ListenToRooms()
    {
        _connection.On<ChatMessage>(nameof(IJobsClient.ChatMessage), message =>
            Accept(message) is { } accepted ? RaiseAsync(ChatMessageReceived, accepted) : Task.CompletedTask);
        _connection.On<ChatMessage>(nameof(IJobsClient.ChatMessageChanged), message => RaiseAsync(ChatMessageChanged, message));
        _connection.On<RoomTyping>(nameof(IJobsClient.RoomTyping), typing => RaiseAsync(RoomTypingReceived, typing));
        _connection.On<RoomLeft>(nameof(IJobsClient.RoomLeft), left =>
        {
            lock (_gate)
                _rooms.Remove(left.RoomId);
            return RaiseAsync(RoomLeft, left);
        });
    }

    // A message at or below the last one delivered (a replay overlapping a live one) is not delivered again.
    private ChatMessage? Accept(ChatMessage message)
    {
        lock (_gate)
        {
            if (!_rooms.TryGetValue(message.RoomId, out var last) || message.Seq <= last)
                return null;
            _rooms[message.RoomId] = message.Seq;
            return message;
        }
    }

    private async Task RestoreRoomsAsync()
    {
        (Guid RoomId, long Seq)[] rooms;
        lock (_gate)
            rooms = _rooms.Select(r => (r.Key, r.Value)).ToArray();
        foreach (var (roomId, seq) in rooms)
            await RestoreOneAsync(() => _connection.InvokeAsync(nameof(IJobsHub.WatchRoom), roomId, seq), () => _rooms.Remove(roomId));
    }
}
