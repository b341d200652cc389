using Platform.Storage.Settings;

namespace Platform.Host.Organizations;

/// <summary>The <c>Organizations</c> section: how large a team may grow and how long an invitation works.</summary>
public sealed class OrganizationsOptions
{
    public const string Section = "Organizations";

    /// <summary>Members one organization may have; an invitation that would pass it is refused.</summary>
    public int MaxMembers { get; set; } = 500;

    /// <summary>Invitations one organization may have waiting at once.</summary>
    public int MaxPendingInvitations { get; set; } = 100;

    /// <summary>Organizations one person may belong to, counting those they create.</summary>
    public int MaxPerUser { get; set; } = 50;

    /// <summary>How long an invitation's link works.</summary>
    public TimeSpan InvitationLifetime { get; set; } = TimeSpan.FromDays(7);

    public static void Rules(SettingsRules<OrganizationsOptions> rules) => rules
        .Positive(o => o.MaxMembers)
        .Positive(o => o.MaxPendingInvitations)
        .Positive(o => o.MaxPerUser)
        .Check(o => o.InvitationLifetime, lifetime => lifetime >= TimeSpan.FromMinutes(1), "at least 00:01:00");
}
