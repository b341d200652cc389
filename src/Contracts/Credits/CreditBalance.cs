namespace Platform.Contracts.Credits;

/// <summary>An owner's credits: all they have, the part held for unfinished jobs, and what is left to spend.</summary>
/// <param name="Available">Balance minus held: what a new job's hold may take.</param>
/// <param name="Settings">The owner's own credit settings.</param>
/// <param name="Allowance">What the platform grants the owner's plan each period; null for none.</param>
public sealed record CreditBalance(string OwnerId, long Balance, long Held, long Available, CreditSettings Settings, CreditAllowance? Allowance);

/// <param name="Period">day, week or month (UTC).</param>
/// <param name="NextAt">When the next period's grant is due; it is made at the first use of credits after.</param>
public sealed record CreditAllowance(long Amount, string Period, DateTimeOffset NextAt);

/// <summary>An owner's credit settings. Body of <c>PUT /api/v1/credits/settings</c>; a null leaves that limit off.</summary>
/// <param name="LowBalanceThreshold">Below this many available credits the owner gets a <c>balance.low</c> notification, once until it rises again.</param>
/// <param name="EndUserMaxQueued">The most jobs one end user may have queued or running at once.</param>
/// <param name="EndUserCreditsPerDay">The most credits one end user may spend or hold in a day (UTC).</param>
public sealed record CreditSettings(long? LowBalanceThreshold = null, int? EndUserMaxQueued = null, long? EndUserCreditsPerDay = null);
