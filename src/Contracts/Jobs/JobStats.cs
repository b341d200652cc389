namespace Platform.Contracts.Jobs;

public sealed record JobStats(long Total, long Queued, long Running, long Succeeded, long Failed, long Cancelled);
