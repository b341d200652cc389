using Platform.Storage.Settings;

namespace Platform.Host.Defaults;

/// <summary>The <c>RateLimits</c> section: the jobs API's budget per owner by plan, a member's share of an organization's, and the windows per client address.</summary>
public sealed class RateLimitsOptions
{
    public const string Section = "RateLimits";
    public const string DefaultPlan = "standard";

    /// <summary>Budgets by the <c>plan</c> claim, e.g. <c>RateLimits:Plans:pro:PermitsPerMinute</c>; a plan not named here is sized like <c>standard</c>.</summary>
    public Dictionary<string, PlanRateLimit> Plans { get; set; } = new(StringComparer.OrdinalIgnoreCase);

    /// <summary>The share, in percent, of an organization's budget that one of its members (or one of its keys) may use.</summary>
    public int MemberPercent { get; set; } = 50;

    /// <summary>Sign-in attempts per client address.</summary>
    public WindowRateLimit Auth { get; set; } = new() { PermitLimit = 10 };

    /// <summary>Failed authentications per client address; past it the address is refused before its credentials are looked up.</summary>
    public WindowRateLimit AuthFailures { get; set; } = new() { PermitLimit = 20 };

    /// <summary>Download link requests per client address.</summary>
    public WindowRateLimit Links { get; set; } = new() { PermitLimit = 60 };

    /// <summary>The plan whose budget a caller with <paramref name="plan"/> gets.</summary>
    public string PlanOf(string? plan) => plan is not null && Plans.ContainsKey(plan) ? plan : DefaultPlan;

    public int PermitsPerMinuteOf(string plan) => Plans.TryGetValue(plan, out var limit) ? limit.PermitsPerMinute : PlanRateLimit.DefaultPermitsPerMinute;

    /// <summary>What one member may use of an organization's budget under <paramref name="plan"/>: at least one request a minute.</summary>
    public int MemberPermitsPerMinuteOf(string plan) => Math.Max(1, PermitsPerMinuteOf(plan) * MemberPercent / 100);

    public static void Rules(SettingsRules<RateLimitsOptions> rules) => rules
        .Each(o => o.Plans, plan => plan.Positive(p => p.PermitsPerMinute))
        .Check(o => o.MemberPercent, percent => percent is >= 1 and <= 100, "from 1 to 100")
        .Positive(o => o.Auth.PermitLimit).Positive(o => o.Auth.WindowSeconds)
        .Positive(o => o.AuthFailures.PermitLimit).Positive(o => o.AuthFailures.WindowSeconds)
        .Positive(o => o.Links.PermitLimit).Positive(o => o.Links.WindowSeconds);
}

public sealed class PlanRateLimit
{
    public const int DefaultPermitsPerMinute = 600;

    public int PermitsPerMinute { get; set; } = DefaultPermitsPerMinute;
}

/// <summary>A fixed window: at most <see cref="PermitLimit"/> requests every <see cref="WindowSeconds"/>.</summary>
public sealed class WindowRateLimit
{
    public int PermitLimit { get; set; }

    public int WindowSeconds { get; set; } = 60;

    public TimeSpan Window => TimeSpan.FromSeconds(WindowSeconds);
}
