using Platform.Storage.Settings;

namespace Platform.Hubs.Presence;

/// <summary>
/// <c>Hubs:PresenceHeartbeat</c>, <c>Hubs:PresenceExpiry</c> and <c>Hubs:PresenceAnnounceDebounce</c>: how often each host
/// vouches for its connections, how long a vouch lasts, and how long a user stays online after their last connection left.
/// </summary>
public sealed class PresenceOptions
{
    public const string Section = "Hubs";

    public TimeSpan PresenceHeartbeat { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>A connection no host has vouched for in this long belongs to a dead host and is dropped.</summary>
    public TimeSpan PresenceExpiry { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>A user who reconnects within this long after their last connection left was never announced offline, nor online again.</summary>
    public TimeSpan PresenceAnnounceDebounce { get; set; } = TimeSpan.FromSeconds(2);

    public static void Rules(SettingsRules<PresenceOptions> rules) => rules
        .Positive(o => o.PresenceHeartbeat)
        .MoreThan(o => o.PresenceExpiry, o => o.PresenceHeartbeat)
        .NotNegative(o => o.PresenceAnnounceDebounce);
}
