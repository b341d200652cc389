using Platform.Contracts.Credits;
using Platform.Storage.Settings;

namespace Platform.Jobs.Credits;

/// <summary>The <c>Credits</c> configuration section: what job types cost and what the platform grants.</summary>
public sealed class CreditsOptions
{
    public const string Section = "Credits";

    /// <summary>False runs every job free: nothing is held, charged or refused for credits, whatever the prices say.</summary>
    public bool Metering { get; set; } = true;

    /// <summary>
    /// Prices of built-in and configured remote types, e.g. <c>Credits:Prices:generation:PerSecond</c>; declared types
    /// carry theirs in their declaration. A type without a price is free.
    /// </summary>
    public Dictionary<string, JobPrice> Prices { get; set; } = new(StringComparer.Ordinal);

    /// <summary>What the platform grants each owner of a plan once per <see cref="AllowancePeriod"/>, e.g. <c>Credits:Allowances:free</c>.</summary>
    public Dictionary<string, long> Allowances { get; set; } = new(StringComparer.Ordinal);

    /// <summary>day, week (from Monday) or month, in UTC.</summary>
    public string AllowancePeriod { get; set; } = "month";

    /// <summary>How often each host looks for balances newly below their owner's threshold.</summary>
    public TimeSpan LowBalanceCheckInterval { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>How often the ledger's entries are summed again and compared with every balance; a difference is logged as an error.</summary>
    public TimeSpan LedgerCheckInterval { get; set; } = TimeSpan.FromHours(1);

    /// <summary>The longest period one usage report may span.</summary>
    public TimeSpan MaxUsagePeriod { get; set; } = TimeSpan.FromDays(366);

    public static void Rules(SettingsRules<CreditsOptions> rules) => rules
        .Each(o => o.Prices, price => price.Between(p => p.PerRun, 0, JobCosts.MostPrice).Between(p => p.PerSecond, 0, JobCosts.MostPrice))
        .Check(o => o.Allowances, allowances => allowances.Values.All(amount => amount >= 0), "amounts of 0 or more")
        .Check(o => o.AllowancePeriod, period => AllowancePeriods.IsKnown(period), "day, week or month")
        .Positive(o => o.LowBalanceCheckInterval)
        .Positive(o => o.LedgerCheckInterval)
        .Positive(o => o.MaxUsagePeriod);
}
