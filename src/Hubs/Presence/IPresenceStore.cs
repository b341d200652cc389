using Platform.Contracts.Hubs;

namespace Platform.Hubs.Presence;

/// <summary>
/// Which users have which connections; shared by every host (Redis) or this host's only. A user whose last connection
/// leaves stays online for <see cref="PresenceOptions.PresenceAnnounceDebounce"/>, so a quick reconnect is no news.
/// </summary>
public interface IPresenceStore
{
    /// <summary>Adds a connection; true when its user was offline, i.e. they just came online.</summary>
    Task<bool> ConnectedAsync(string userId, string displayName, string connectionId);

    /// <summary>Removes a connection; true when it was the user's last, so they go offline once the debounce passes without a new one.</summary>
    Task<bool> DisconnectedAsync(string userId, string connectionId);

    /// <summary>The user's display name when they have no connection and their debounce has passed, i.e. they just went offline; one caller hears it.</summary>
    Task<string?> WentOfflineAsync(string userId);

    /// <summary>Vouches that a connection is alive; true when its user had been dropped meanwhile (expired) and is online again.</summary>
    Task<bool> VouchAsync(string userId, string displayName, string connectionId);

    /// <summary>Drops connections nobody vouched for in time and users whose debounce has passed; returns who went offline because of it.</summary>
    Task<IReadOnlyList<OnlineUser>> SweepAsync();

    Task<IReadOnlyList<OnlineUser>> OnlineAsync();
}
