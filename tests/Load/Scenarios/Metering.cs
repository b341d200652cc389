using System.Globalization;
using Platform.Client;
using Platform.Jobs.Benchmarks;
using Platform.TestCluster;

namespace Platform.Load.Scenarios;

/// <summary>
/// Whether a run's hosts price the no-op jobs it submits, and which of a scenario's alternating turns it is. A metered
/// run's hosts hold and charge <see cref="PerRun"/> credit a run; its users are granted plenty first, and afterwards the
/// ledger must add up and each job have been held (and, once it ran, charged and released) exactly once.
/// </summary>
public sealed class Metering(bool isOn, int turn = 1)
{
    public const long PerRun = 1;
    private const long Grant = 1_000_000_000;

    /// <summary>The unmetered run, as every scenario measured before credits.</summary>
    public static Metering Off { get; } = new(false);

    public bool IsOn => isOn;

    /// <summary>The scenario's name for this run: <c>enqueue</c>, <c>enqueue-metered</c>, <c>enqueue-2</c>, <c>enqueue-metered-2</c>.</summary>
    public string NameOf(string scenario) => scenario + (isOn ? Suffix : "") + (turn > 1 ? $"-{turn}" : "");

    public const string Suffix = "-metered";

    /// <summary>What this run's hosts are given besides the cluster's settings: the no-op type's price when metered.</summary>
    public IReadOnlyDictionary<string, string> HostSettings => isOn
        ? new Dictionary<string, string> { [$"Credits:Prices:{NoopJob.TypeName}:PerRun"] = PerRun.ToString(CultureInfo.InvariantCulture) }
        : new Dictionary<string, string>();

    /// <summary>Grants the owners of <paramref name="users"/>' keys credits for far more jobs than a run submits; nothing when not metered.</summary>
    public async Task PayForAsync(Deployment deployment, params PlatformClient[] users)
    {
        if (!isOn)
            return;
        var admin = await deployment.SignedInUserAsync();
        foreach (var user in users)
            await admin.GrantCreditsAsync((await user.GetCreditsAsync()).OwnerId, Grant, "load run");
    }

    /// <summary>
    /// What is wrong with the credits of a metered run, or null: the ledger's check finds a difference, or one of
    /// <paramref name="jobs"/> (every job of <paramref name="user"/>) was not held exactly once, or, when they <paramref name="ran"/>,
    /// not charged and released exactly once.
    /// </summary>
    public async Task<string?> FaultAsync(Deployment deployment, PlatformClient user, IReadOnlyCollection<Guid> jobs, bool ran)
    {
        if (!isOn)
            return null;
        var admin = await deployment.SignedInUserAsync();
        var check = await admin.CheckLedgerAsync();
        if (check.Differences.Count > 0)
            return $"the ledger's check found {check.Differences.Count} balances it does not explain";
        var owner = (await user.GetCreditsAsync()).OwnerId;
        foreach (var kind in ran ? ["hold", "charge", "release"] : new[] { "hold" })
        {
            var entries = await EntriesAsync(admin, owner, kind);
            var perJob = entries.GroupBy(entry => entry.JobId ?? Guid.Empty).ToDictionary(group => group.Key, group => group.Count());
            var wrong = jobs.Count(id => perJob.GetValueOrDefault(id) != 1) + perJob.Keys.Count(id => !jobs.Contains(id));
            if (wrong > 0)
                return $"{wrong} jobs do not have exactly one {kind} in the ledger ({entries.Count} entries for {jobs.Count} jobs)";
        }
        return null;
    }

    private static async Task<List<Contracts.Credits.LedgerEntry>> EntriesAsync(PlatformClient admin, string owner, string kind)
    {
        var entries = new List<Contracts.Credits.LedgerEntry>();
        for (var page = 1; ; page++)
        {
            var items = (await admin.AdminListLedgerAsync(owner, kind, page: page, pageSize: 100)).Items;
            entries.AddRange(items);
            if (items.Count < 100)
                return entries;
        }
    }
}
