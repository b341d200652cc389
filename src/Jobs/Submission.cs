namespace Platform.Jobs;

/// <summary>What a submit stored: the job or batch, and whether an earlier request with the same idempotency key created it.</summary>
/// <param name="Replayed">An earlier request under the same key created it; this is its current state.</param>
public sealed record Submission<T>(T Value, bool Replayed = false);
