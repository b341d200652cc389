namespace Platform.Jobs.Credits;

/// <summary>A submit's holds did not fit the owner's available credits; nothing of it was stored.</summary>
public sealed class CreditsRanShort(long needed, Exception inner)
    : Exception($"The owner's available credits cannot hold {needed}.", inner)
{
    public long Needed { get; } = needed;
}
