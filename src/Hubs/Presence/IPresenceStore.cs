using Platform.Contracts.Hubs;

namespace Platform.Hubs.Presence;

/// <summary>Which users have which connections; shared by every host (Redis) or this host's only.</summary>
public interface IPresenceStore
{
    /// <summary>Adds a connection; true when it is the user's only live one, i.e. they just came online.</summary>
    Task<bool> ConnectedAsync(string userId, string displayName, string connectionId);

    /// <summary>Removes a connection; the user's display name when it was their last, i.e. they just went offline.</summary>
    Task<string?> DisconnectedAsync(string userId, string connectionId);

    /// <summary>Vouches that a connection is alive; true when its user had run out (expired) and is online again.</summary>
    Task<bool> VouchAsync(string userId, string displayName, string connectionId);

    /// <summary>Drops connections nobody vouched for in time; returns the users who went offline because of it.</summary>
    Task<IReadOnlyList<OnlineUser>> SweepAsync();

    Task<IReadOnlyList<OnlineUser>> OnlineAsync();
}
