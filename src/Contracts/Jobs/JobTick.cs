using MessagePack;

namespace Platform.Contracts.Jobs;

/// <summary>
/// A live progress tick of a job, as the hub pushes it (<c>JobTicked</c>): reported by the job, not stored, and
/// superseded by the next one. <see cref="Version"/> is that of the last stored event before it, as for a transient
/// <see cref="JobEvent"/>. Slim because it is the hub's most frequent message: a watcher learns the status and
/// everything else from stored events.
/// </summary>
[MessagePackObject]
public sealed record JobTick(
    [property: Key(0)] Guid JobId,
    [property: Key(1)] long Version,
    [property: Key(2)] double Progress,
    [property: Key(3)] IReadOnlyDictionary<string, double>? Metrics = null,
    [property: Key(4)] string? Message = null)
{
    /// <summary>The slim form of a transient progress event.</summary>
    public static JobTick From(JobEvent tick) => new(tick.JobId, tick.Version, tick.Progress ?? 0, tick.Metrics, tick.Message);
}
