namespace Platform.Storage.Credits;

/// <summary>An owner's balance row: what they have, what of it is held for unfinished jobs, and their credit settings.</summary>
/// <param name="LowThreshold">Below this many available credits the owner is told, once until it rises again; null for never.</param>
/// <param name="EndUserMaxQueued">The most jobs one end user of the owner may have queued or running; null for no limit.</param>
/// <param name="EndUserCreditsPerDay">The most credits one end user of the owner may spend or hold in a day (UTC); null for no limit.</param>
public sealed record CreditAccount(string OwnerId, long Balance, long Held, long? LowThreshold, int? EndUserMaxQueued, long? EndUserCreditsPerDay)
{
    public long Available => Balance - Held;

    public static CreditAccount Empty(string ownerId) => new(ownerId, 0, 0, null, null, null);
}
