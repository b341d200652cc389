using System.Collections.Concurrent;
using Microsoft.Extensions.Options;
using Platform.Contracts.Rooms;
using Platform.Jobs.Rooms;
using Platform.Storage.Outcomes;

namespace Platform.Hubs.Rooms;

/// <summary>
/// Tells a room's other watchers that a member is typing, as <see cref="RoomService"/> allows; a connection's typing
/// passes at most once per Hubs:TypingInterval, and calls between are dropped.
/// </summary>
public sealed class RoomTypingRelay(RoomService rooms, IRoomEventPublisher publisher, IOptions<HubLimits> limits, TimeProvider clock) : IConnectionState
{
    private readonly ConcurrentDictionary<(string Connection, Guid Room), DateTimeOffset> _typing = new();

    /// <summary>True when the watchers were told, false when the call came too soon after the last one.</summary>
    public async Task<Outcome<bool>> TypingAsync(string connectionId, Guid userId, string displayName, Guid roomId, CancellationToken ct)
    {
        var access = await rooms.TypingAccessAsync(userId, roomId, ct);
        if (access.Refusal is { } refusal)
            return refusal;
        var now = clock.GetUtcNow();
        var key = (connectionId, roomId);
        if (_typing.TryGetValue(key, out var last) && now - last < limits.Value.TypingInterval)
            return false;
        _typing[key] = now;
        await publisher.PublishAsync(new RoomEvent(roomId, Typing: new RoomTyping(roomId, userId, displayName, now), TypingConnection: connectionId,
            AccessVersion: access.Value));
        return true;
    }

    /// <summary>The connection is gone: its typing throttle goes with it.</summary>
    public Task ForgetAsync(string connectionId)
    {
        foreach (var key in _typing.Keys.Where(k => k.Connection == connectionId))
            _typing.TryRemove(key, out _);
        return Task.CompletedTask;
    }
}
