namespace Platform.Hubs.Presence;

/// <summary><c>Hubs:PresenceHeartbeat</c> and <c>Hubs:PresenceExpiry</c>: how often each host vouches for its connections, and how long a vouch lasts.</summary>
public sealed class PresenceOptions
{
    public const string Section = "Hubs";

    public TimeSpan PresenceHeartbeat { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>A connection no host has vouched for in this long belongs to a dead host and is dropped.</summary>
    public TimeSpan PresenceExpiry { get; set; } = TimeSpan.FromSeconds(30);
}
