using System.Collections.Concurrent;
using Microsoft.AspNetCore.SignalR;
using Microsoft.AspNetCore.SignalR.Protocol;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Platform.Contracts.Hubs;
using Platform.Contracts.Rooms;
using Platform.Hubs.Watching;
using Platform.Jobs.Rooms;
using Platform.Storage.Rooms;

namespace Platform.Hubs.Rooms;

/// <summary>Which connections on this host watch which rooms; hands each room event to them.</summary>
public sealed class RoomWatchers(HubConnections hub, RoomStore store, IOptions<HubLimits> limits, ILogger<RoomWatchers> logger) : IConnectionState
{
    private readonly ConcurrentDictionary<Guid, ConcurrentDictionary<string, RoomWatch>> _byRoom = new();
    private readonly ConcurrentDictionary<string, ConcurrentDictionary<Guid, RoomWatch>> _byConnection = new();

    /// <summary>Sends what the room stored after <paramref name="afterSeq"/>, then each new message as it comes.</summary>
    public Task WatchAsync(string connectionId, Guid userId, Guid roomId, long afterSeq)
    {
        var rooms = _byConnection.GetOrAdd(connectionId, _ => new());
        var max = limits.Value.MaxRoomsPerConnection;
        // A connection's calls run one at a time (SignalR's default), so nothing is added between this check and the add.
        if (!rooms.ContainsKey(roomId) && rooms.Count >= max)
            throw new HubException($"At most {max} rooms per connection (Hubs:{nameof(HubLimits.MaxRoomsPerConnection)}).");
        var watch = new RoomWatch(connectionId, roomId, userId, afterSeq, store, hub, Remove);
        if (rooms.TryGetValue(roomId, out var replaced))
            replaced.Stop();
        rooms[roomId] = watch;
        _byRoom.GetOrAdd(roomId, _ => new())[connectionId] = watch;
        return watch.CatchUpAsync();
    }

    public void Unwatch(string connectionId, Guid roomId)
    {
        if (_byConnection.TryGetValue(connectionId, out var rooms) && rooms.TryRemove(roomId, out var watch))
            watch.Stop();
        if (_byRoom.TryGetValue(roomId, out var watchers))
            watchers.TryRemove(connectionId, out _);
    }

    public bool Watches(string connectionId, Guid roomId) => _byConnection.TryGetValue(connectionId, out var rooms) && rooms.ContainsKey(roomId);

    public Task ForgetAsync(string connectionId)
    {
        if (!_byConnection.TryRemove(connectionId, out var rooms))
            return Task.CompletedTask;
        foreach (var (roomId, watch) in rooms)
        {
            watch.Stop();
            if (_byRoom.TryGetValue(roomId, out var watchers))
                watchers.TryRemove(connectionId, out _);
        }
        return Task.CompletedTask;
    }

    public void Dispatch(RoomEvent roomEvent)
    {
        if (!_byRoom.TryGetValue(roomEvent.RoomId, out var watchers) || watchers.IsEmpty)
            return;
        if (roomEvent.Deleted)
        {
            foreach (var watch in watchers.Values)
                Observe(watch.EndAsync(RoomLeftReason.Deleted));
            return;
        }
        if (roomEvent.MemberRemoved is not null || roomEvent.MadePrivate)
        {
            foreach (var watch in watchers.Values)
                Observe(watch.AccessNarrowedAsync(roomEvent));
            return;
        }
        if (roomEvent.Typing is { } typing)
        {
            var serialized = Serialized(nameof(IJobsClient.RoomTyping), typing);
            foreach (var watch in watchers.Values.Where(w => w.ConnectionId != roomEvent.TypingConnection))
                Observe(watch.SendAsync(roomEvent.AccessVersion, serialized));
            return;
        }
        if (roomEvent.Message is not { } message)
            return;
        var method = roomEvent.Changed ? nameof(IJobsClient.ChatMessageChanged) : nameof(IJobsClient.ChatMessage);
        // Serialized once for every watcher alike, and once more as the viewer who made the change sees it.
        var sent = Serialized(method, roomEvent.Viewer is null ? message : WithoutMine(message));
        var viewers = roomEvent.Viewer is null ? sent : Serialized(method, message);
        foreach (var watch in watchers.Values)
        {
            var serialized = watch.UserId == roomEvent.Viewer ? viewers : sent;
            Observe(roomEvent.Changed
                ? watch.ChangedAsync(message, roomEvent.AccessVersion, serialized)
                : watch.DeliverAsync(message, roomEvent.AccessVersion, serialized));
        }
    }

    /// <summary>After an outage of the bus: every watch reads what it may have missed, and those who may no longer read the room end.</summary>
    public void ResyncAll()
    {
        foreach (var watchers in _byRoom.Values)
            foreach (var watch in watchers.Values)
                Observe(watch.CatchUpAsync());
    }

    // A watch that ended leaves both maps, unless the connection watches the room anew by then.
    private void Remove(RoomWatch watch)
    {
        if (_byConnection.TryGetValue(watch.ConnectionId, out var rooms))
            rooms.TryRemove(new KeyValuePair<Guid, RoomWatch>(watch.RoomId, watch));
        if (_byRoom.TryGetValue(watch.RoomId, out var watchers))
            watchers.TryRemove(new KeyValuePair<string, RoomWatch>(watch.ConnectionId, watch));
    }

    private void Observe(Task delivery) => delivery.ContinueWith(
        t => logger.LogWarning(t.Exception, "A room message could not be delivered; the watcher catches up with its next message"),
        CancellationToken.None, TaskContinuationOptions.OnlyOnFaulted, TaskScheduler.Default);

    private static ChatMessage WithoutMine(ChatMessage message) =>
        message with { Reactions = message.Reactions?.Select(r => r with { Mine = null }).ToList() };

    private static SerializedHubMessage Serialized(string method, object argument) => new(new InvocationMessage(method, [argument]));
}
