using System.Text.Json;

namespace Platform.Contracts.Jobs;

/// <summary>
/// One change in a job's life, as watchers receive it. Stored events carry their stream
/// <see cref="Version"/> (1, 2, 3 … without gaps). Progress ticks pushed live but not stored are
/// <see cref="Transient"/> and carry the version of the last stored event before them, so a client
/// that resumes "after version N" misses nothing that was stored. The hub sends those ticks in their slim form,
/// <see cref="JobTick"/>; event streams send them as they are.
/// </summary>
public sealed record JobEvent(
    Guid JobId,
    long Version,
    JobEventKind Kind,
    JobStatus Status,
    DateTimeOffset At,
    bool Transient = false,
    double? Progress = null,
    string? Message = null,
    IReadOnlyDictionary<string, double>? Metrics = null,
    JobLogLevel? Level = null,
    JsonElement? Output = null,
    IReadOnlyList<JobArtifact>? Artifacts = null,
    string? Error = null,
    int Attempt = 0,
    string? Type = null,
    DateTimeOffset? RunAt = null);

public enum JobEventKind
{
    Submitted,
    Started,
    Progressed,
    Logged,
    CancelRequested,
    Requeued,
    Succeeded,
    Failed,
    Cancelled,
    RetryScheduled,
    Retried,

    /// <summary>The finished job's artifacts were removed, being older than the platform keeps them.</summary>
    ArtifactsExpired,

    /// <summary>The finished job's project was deleted: it belongs to no project from now on.</summary>
    LeftProject,
}

public enum JobLogLevel
{
    Debug,
    Info,
    Warning,
    Error,
}
