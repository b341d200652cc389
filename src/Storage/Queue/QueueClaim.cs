namespace Platform.Storage.Queue;

/// <summary>A queued job whose lease a claim took.</summary>
public sealed record QueueClaim(Guid JobId, string JobType);
