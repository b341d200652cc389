using System.Collections.Concurrent;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.SignalR;
using Microsoft.Extensions.Options;
using Platform.Contracts.Hubs;

namespace Platform.Hubs.Rooms;

/// <summary>
/// Chat rooms as SignalR groups, so a message reaches members on every host through the backplane. A connection
/// lives on one host, so which rooms it joined is known here, and only members may send or type.
/// </summary>
public sealed partial class ChatRooms(IHubContext<JobsHub, IJobsClient> hub, IOptions<HubLimits> limits, TimeProvider clock)
{
    public const int MaxTextLength = 4000;
    public const int SendsPerSecond = 10;

    private readonly ConcurrentDictionary<string, ConnectionRooms> _connections = new();

    public async Task JoinAsync(string connectionId, string? room)
    {
        var name = Valid(room);
        var rooms = _connections.GetOrAdd(connectionId, _ => new());
        var max = limits.Value.MaxRoomsPerConnection;
        // A connection's calls run one at a time (SignalR's default), so nothing joins between this check and the join.
        if (!rooms.CanJoin(name, max))
            throw new HubException($"At most {max} rooms per connection (Hubs:{nameof(HubLimits.MaxRoomsPerConnection)}).");
        await hub.Groups.AddToGroupAsync(connectionId, GroupOf(name));
        rooms.Join(name);
    }

    public async Task LeaveAsync(string connectionId, string? room)
    {
        var name = Valid(room);
        if (_connections.TryGetValue(connectionId, out var rooms))
            rooms.Leave(name);
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

    /// <summary>Tells the room's other members; a connection that types again in the same room within the interval is not passed on.</summary>
    public Task TypingAsync(string connectionId, string userId, string displayName, string? room)
    {
        var name = Valid(room);
        if (!MemberOf(connectionId, name).TryTakeTyping(name, clock.GetUtcNow(), limits.Value.TypingInterval))
            return Task.CompletedTask;
        return hub.Clients.GroupExcept(GroupOf(name), [connectionId]).Typing(new TypingIndicator(name, userId, displayName, clock.GetUtcNow()));
    }

    /// <summary>The connection is gone: SignalR drops it from its groups, and it is dropped here.</summary>
    public void Forget(string connectionId) => _connections.TryRemove(connectionId, out _);

    private ConnectionRooms MemberOf(string connectionId, string room) =>
        _connections.TryGetValue(connectionId, out var rooms) && rooms.HasJoined(room)
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
        private readonly SendWindow _sends = new();

        // Each joined room, with when this connection's typing in it was last passed on.
        private readonly Dictionary<string, DateTimeOffset> _joined = [];

        public bool CanJoin(string room, int max)
        {
            lock (_joined)
                return _joined.ContainsKey(room) || _joined.Count < max;
        }

        public void Join(string room)
        {
            lock (_joined)
                _joined.TryAdd(room, DateTimeOffset.MinValue);
        }

        public void Leave(string room)
        {
            lock (_joined)
                _joined.Remove(room);
        }

        public bool HasJoined(string room)
        {
            lock (_joined)
                return _joined.ContainsKey(room);
        }

        public bool TryTakeTyping(string room, DateTimeOffset now, TimeSpan interval)
        {
            lock (_joined)
            {
                if (!_joined.TryGetValue(room, out var last) || now - last < interval)
                    return false;
                _joined[room] = now;
                return true;
            }
        }

        public bool TryTakeSend(DateTimeOffset now) => _sends.TryTake(now, SendsPerSecond);
    }
}
