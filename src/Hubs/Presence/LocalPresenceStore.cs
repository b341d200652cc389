using Platform.Contracts.Hubs;

namespace Platform.Hubs.Presence;

/// <summary>A single host without Redis: presence is this host's connections, which cannot outlive it.</summary>
public sealed class LocalPresenceStore : IPresenceStore
{
    private readonly Lock _gate = new();
    private readonly Dictionary<string, (string DisplayName, HashSet<string> Connections)> _users = [];

    public Task<bool> ConnectedAsync(string userId, string displayName, string connectionId)
    {
        lock (_gate)
        {
            if (!_users.TryGetValue(userId, out var user))
                _users[userId] = user = (displayName, []);
            user.Connections.Add(connectionId);
            return Task.FromResult(user.Connections.Count == 1);
        }
    }

    public Task<string?> DisconnectedAsync(string userId, string connectionId)
    {
        lock (_gate)
        {
            if (!_users.TryGetValue(userId, out var user) || !user.Connections.Remove(connectionId) || user.Connections.Count > 0)
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
}
