namespace Platform.Contracts.Credits;

/// <summary>
/// One change of a balance. <paramref name="Kind"/> is grant, allowance, hold, charge, release, refund or adjustment;
/// <paramref name="Amount"/> is what it added to the balance and <paramref name="Held"/> what it added to the held part.
/// </summary>
/// <param name="Member">Who in an organization submitted the job it is about.</param>
/// <param name="Actor">The admin who made it by hand; null for the platform's own entries.</param>
public sealed record LedgerEntry(Guid Id, string Kind, long Amount, long Held, Guid? JobId, string? JobType, Guid? Project, string? EndUser,
    string? Member, string? Actor, string? Reason, DateTimeOffset At);

/// <summary>Body of an admin's grant or adjustment: a grant adds a positive amount, an adjustment adds or takes any.</summary>
public sealed record CreditChangeRequest(long Amount, string? Reason);

/// <summary>Body of an admin's refund of what a job was charged, all of it unless an amount is given.</summary>
public sealed record RefundRequest(Guid JobId, long? Amount, string? Reason);

/// <summary>The most a job could cost if submitted now, and what the owner has available for it.</summary>
/// <param name="Price">The type's price; null when the type is free or metering is off.</param>
public sealed record CreditQuote(long MostCost, long Available, JobPrice? Price);

/// <summary>The ledger checked against every balance: the owners whose entries do not add up to their balance (there should be none).</summary>
public sealed record LedgerCheck(int OwnersChecked, IReadOnlyList<LedgerDifference> Differences, DateTimeOffset At);

public sealed record LedgerDifference(string OwnerId, long Balance, long Held, long EntriesBalance, long EntriesHeld);
