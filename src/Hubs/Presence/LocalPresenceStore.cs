using Microsoft.Extensions.Options;
using Platform.Contracts.Hubs;

namespace Platform.Hubs.Presence;

/// <summary>A single host without Redis: presence is this host's connections, which cannot outlive it.</summary>
public sealed class LocalPresenceStore(IOptions<PresenceOptions> options, TimeProvider clock) : IPresenceStore
{
    private readonly Lock _gate = new();
    private readonly Dictionary<string, User> _users = [];

    public Task<bool> ConnectedAsync(string userId, string displayName, string connectionId)
    {
        lock (_gate)
        {
            var cameOnline = !_users.TryGetValue(userId, out var user);
            if (cameOnline)
                _users[userId] = user = new User(displayName);
            user!.Connections.Add(connectionId);
            return Task.FromResult(cameOnline);
        }
    }

    public Task<bool> DisconnectedAsync(string userId, string connectionId)
    {
        lock (_gate)
        {
            if (!_users.TryGetValue(userId, out var user) || !user.Connections.Remove(connectionId) || user.Connections.Count > 0)
                return Task.FromResult(false);
            user.OnlineUntil = clock.GetUtcNow() + options.Value.PresenceAnnounceDebounce;
            return Task.FromResult(true);
        }
    }

    public Task<string?> WentOfflineAsync(string userId)
    {
        lock (_gate)
        {
            if (!_users.TryGetValue(userId, out var user) || user.Connections.Count > 0 || user.OnlineUntil > clock.GetUtcNow())
                return Task.FromResult<string?>(null);
            _users.Remove(userId);
            return Task.FromResult<string?>(user.DisplayName);
        }
    }

    public Task<bool> VouchAsync(string userId, string displayName, string connectionId) => Task.FromResult(false);

    public Task<IReadOnlyList<OnlineUser>> SweepAsync() => Task.FromResult<IReadOnlyList<OnlineUser>>([]);

    public Task<IReadOnlyList<OnlineUser>> OnlineAsync()
    {
        lock (_gate)
            return Task.FromResult<IReadOnlyList<OnlineUser>>(_users.Select(u => new OnlineUser(u.Key, u.Value.DisplayName)).ToList());
    }

    private sealed class User(string displayName)
    {
        public string DisplayName { get; } = displayName;
        public HashSet<string> Connections { get; } = [];

        /// <summary>Once the last connection has left: when the user goes offline unless another arrives first.</summary>
        public DateTimeOffset OnlineUntil { get; set; }
    }
}
