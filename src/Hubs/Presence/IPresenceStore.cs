using Platform.Contracts.Hubs;

namespace Platform.Hubs.Presence;

/// <summary>Which users have which connections; shared by every host (Redis) or this host's only.</summary>
public interface IPresenceStore
{
    /// <summary>Adds a connection; true when it is the user's only live one, i.e. they just came online.</summary>
    Task<bool> ConnectedAsync(string userId, string displayName, string connectionId);

    /// <summary>Removes a connection; the user's display name when it was their last, i.e. they just went offline.</summary>
    Task<string?> DisconnectedAsync(string userId, string connectionId);

    /// <summary>Vouches that these connections are alive; returns the users who were offline (expired) until now.</summary>
    Task<IReadOnlyList<OnlineUser>> RefreshAsync(IReadOnlyCollection<(string UserId, string DisplayName, string ConnectionId)> connections);

    /// <summary>Drops connections nobody vouched for in time; returns the users who went offline because of it.</summary>
    Task<IReadOnlyList<OnlineUser>> SweepAsync();

    Task<IReadOnlyList<OnlineUser>> OnlineAsync();
}
