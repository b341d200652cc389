namespace Platform.Storage.Credits;

/// <summary>The kinds of ledger entry, as the ledger spells them.</summary>
public static class LedgerKinds
{
    public const string Grant = "grant";
    public const string Allowance = "allowance";
    public const string Hold = "hold";
    public const string Charge = "charge";
    public const string Release = "release";
    public const string Refund = "refund";
    public const string Adjustment = "adjustment";

    public static IReadOnlyList<string> All { get; } = [Grant, Allowance, Hold, Charge, Release, Refund, Adjustment];
}

/// <summary>One change of an owner's balance: what it adds to the balance (<paramref name="Amount"/>) and to the part held (<paramref name="Held"/>).</summary>
/// <param name="Member">The person whose act it was when the owner is an organization (a job's submitter); null otherwise.</param>
/// <param name="Actor">Who made it by hand (an admin's grant); null for the platform's own entries.</param>
public sealed record LedgerEntryRow(string OwnerId, string Kind, long Amount, long Held,
    Guid? JobId = null, string? JobType = null, Guid? ProjectId = null, string? EndUser = null, string? Member = null,
    string? Actor = null, string? Reason = null)
{
    public Guid Id { get; init; } = Guid.CreateVersion7();
    public DateTimeOffset At { get; init; }
}
