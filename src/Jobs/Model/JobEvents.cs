using System.Text.Json;
using Platform.Contracts.Credits;
using Platform.Contracts.Jobs;
using Platform.Contracts.Webhooks;

namespace Platform.Jobs.Model;

// The events of one job's stream, in the order a job usually meets them.

/// <param name="RunAt">Not before this time; null to run as soon as a worker is free.</param>
/// <param name="MaxAttempts">Runs, automatic retries included, before a failure is final.</param>
/// <param name="Timeout">How long one run may take before it fails as timed out; null for no limit.</param>
/// <param name="BatchId">The batch the job was submitted in; null for a job submitted alone.</param>
/// <param name="Webhook">Where to call back, with its events spelled out; null for no calls.</param>
/// <param name="Room">The room the job posts to, with its progress step spelled out; null for no posts.</param>
/// <param name="ProjectId">The owner's project the job was submitted into; null for none.</param>
/// <param name="SubmittedBy">The person who submitted an organization's job: its notifications and room posts are theirs; null when the owner did.</param>
/// <param name="Price">What its type cost when it was submitted, kept for its whole life; null for a free job.</param>
/// <param name="EndUser">Whom the caller submitted it for (a bot's chat user), as the caller names them; null for none.</param>
public sealed record JobSubmitted(
    string Type, JsonElement Input, int Priority, string OwnerId, DateTimeOffset At,
    DateTimeOffset? RunAt = null, int MaxAttempts = 1, TimeSpan? Timeout = null, Guid? BatchId = null, JobWebhook? Webhook = null,
    JobRoom? Room = null, IReadOnlyList<Guid>? Files = null, Guid? ProjectId = null, string? SubmittedBy = null,
    JobPrice? Price = null, string? EndUser = null);

public sealed record JobStarted(int Attempt, string Host, bool Recovered, DateTimeOffset At);

public sealed record JobProgressed(double Percent, string? Message, Dictionary<string, double>? Metrics, DateTimeOffset At);

public sealed record JobLogged(JobLogLevel Level, string Message, DateTimeOffset At);

public sealed record JobCancelRequested(DateTimeOffset At);

/// <summary>The job goes back to the queue without counting as a failure, e.g. its host shut down mid-run.</summary>
public sealed record JobRequeued(string Reason, DateTimeOffset At);

public sealed record JobSucceeded(JsonElement? Output, List<JobArtifact> Artifacts, DateTimeOffset At);

/// <summary>A run failed with attempts to spare: the job waits in the queue until <paramref name="RunAt"/>.</summary>
public sealed record JobRetryScheduled(int Attempt, string Error, DateTimeOffset RunAt, DateTimeOffset At);

public sealed record JobFailed(string Error, DateTimeOffset At);

/// <param name="RunLost">The run in progress was lost with its host before the cancel took effect: it is not charged.</param>
public sealed record JobCancelled(string Reason, DateTimeOffset At, bool RunLost = false);

/// <summary>Someone asked to run a failed or cancelled job again: a fresh set of attempts, numbered on from the last.</summary>
public sealed record JobRetried(DateTimeOffset At);

/// <summary>The finished job's project was deleted: the job belongs to no project from now on.</summary>
public sealed record JobLeftProject(Guid ProjectId, DateTimeOffset At);

/// <summary>The finished job's artifacts were removed, being older than the artifacts' retention.</summary>
public sealed record JobArtifactsExpired(DateTimeOffset At);
