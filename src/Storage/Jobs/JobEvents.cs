using System.Text.Json;
using Platform.Contracts.Jobs;

namespace Platform.Storage.Jobs;

// The events of one job's stream, in the order a job usually meets them.

public sealed record JobSubmitted(string Type, JsonElement Input, int Priority, string OwnerId, DateTimeOffset At);

public sealed record JobStarted(int Attempt, string Host, bool Recovered, DateTimeOffset At);

public sealed record JobProgressed(double Percent, string? Message, Dictionary<string, double>? Metrics, DateTimeOffset At);

public sealed record JobLogged(JobLogLevel Level, string Message, DateTimeOffset At);

public sealed record JobCancelRequested(DateTimeOffset At);

/// <summary>The job goes back to the queue without counting as a failure, e.g. its host shut down mid-run.</summary>
public sealed record JobRequeued(string Reason, DateTimeOffset At);

public sealed record JobSucceeded(JsonElement? Output, List<JobArtifact> Artifacts, DateTimeOffset At);

public sealed record JobFailed(string Error, DateTimeOffset At);

public sealed record JobCancelled(string Reason, DateTimeOffset At);
