using System.Collections.Concurrent;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.SignalR;
using Platform.Contracts.Hubs;

namespace Platform.Hubs.Rooms;

/// <summary>
/// Chat rooms as SignalR groups, so a message reaches members on every host through the backplane. A connection
/// lives on one host, so which rooms it joined is known here, and only members may send or type.
/// </summary>
public sealed partial class ChatRooms(IHubContext<JobsHub, IJobsClient> hub, TimeProvider clock)
{
    public const int MaxTextLength = 4000;
    public const int SendsPerSecond = 10;

    private readonly ConcurrentDictionary<string, ConnectionRooms> _connections = new();

    public async Task JoinAsync(string connectionId, string? room)
    {
        var name = Valid(room);
        await hub.Groups.AddToGroupAsync(connectionId, GroupOf(name));
        _connections.GetOrAdd(connectionId, _ => new()).Joined[name] = true;
    }

    public async Task LeaveAsync(string connectionId, string? room)
    {
        var name = Valid(room);
        if (_connections.TryGetValue(connectionId, out var rooms))
            rooms.Joined.TryRemove(name, out _);
        await hub.Groups.RemoveFromGroupAsync(connectionId, GroupOf(name));
    }

    public Task SendAsync(string connectionId, string userId, string displayName, string? room, string? text)
    {
        var name = Valid(room);
        if (string.IsNullOrWhiteSpace(text) || text.Length > MaxTextLength)
            throw new HubException($"text must be 1 to {MaxTextLength} characters.");
        var rooms = MemberOf(connectionId, name);
        if (!rooms.TryTakeSend(clock.GetUtcNow()))
            throw new HubException($"Too many messages: at most {SendsPerSecond} a second.");
        return hub.Clients.Group(GroupOf(name)).RoomMessage(new RoomMessage(name, userId, displayName, text, clock.GetUtcNow()));
    }

    public Task TypingAsync(string connectionId, string userId, string displayName, string? room)
    {
        var name = Valid(room);
        MemberOf(connectionId, name);
        return hub.Clients.GroupExcept(GroupOf(name), [connectionId]).Typing(new TypingIndicator(name, userId, displayName, clock.GetUtcNow()));
    }

    /// <summary>The connection is gone: SignalR drops it from its groups, and it is dropped here.</summary>
    public void Forget(string connectionId) => _connections.TryRemove(connectionId, out _);

    private ConnectionRooms MemberOf(string connectionId, string room) =>
        _connections.TryGetValue(connectionId, out var rooms) && rooms.Joined.ContainsKey(room)
            ? rooms
            : throw new HubException($"Join room {room} before sending to it.");

    private static string Valid(string? room) =>
        room is not null && RoomName().IsMatch(room)
            ? room
            : throw new HubException("room must be 1 to 64 characters of a-z, 0-9, '-' and '_'.");

    private static string GroupOf(string room) => "room:" + room;

    [GeneratedRegex("^[a-z0-9_-]{1,64}$")]
    private static partial Regex RoomName();

    private sealed class ConnectionRooms
    {
        private readonly Queue<DateTimeOffset> _recentSends = new();

        public ConcurrentDictionary<string, bool> Joined { get; } = new();

        // A sliding window of one second per connection: a burst of ten, then one more as each ages out.
        public bool TryTakeSend(DateTimeOffset now)
        {
            lock (_recentSends)
            {
                while (_recentSends.Count > 0 && now - _recentSends.Peek() >= TimeSpan.FromSeconds(1))
                    _recentSends.Dequeue();
                if (_recentSends.Count >= SendsPerSecond)
                    return false;
                _recentSends.Enqueue(now);
                return true;
            }
        }
    }
}
