using System.Text.Json;
using Platform.Contracts.Webhooks;

namespace Platform.Contracts.Jobs;

/// <summary>
/// A job as callers see it: its committed state after <see cref="Version"/> events. A queued job with a
/// <see cref="RunAt"/> waits for that time (a delayed submit, or a retry's backoff). A job submitted in a batch
/// names it in <see cref="BatchId"/>; one with a <see cref="Webhook"/> calls it back, one with a <see cref="Room"/> posts to it.
/// A job submitted into one of its owner's projects names it in <see cref="Project"/>. An organization's job names the
/// member who submitted it in <see cref="SubmittedBy"/>. A job submitted for an end user (a bot's chat user) names them in
/// <see cref="EndUser"/>; a job of a priced type tells what it holds and was charged in <see cref="Credits"/>.
/// </summary>
public sealed record Job(
    Guid Id,
    string Type,
    JobStatus Status,
    int Priority,
    JsonElement Input,
    double Progress,
    string? Message,
    IReadOnlyDictionary<string, double> Metrics,
    JsonElement? Output,
    IReadOnlyList<JobArtifact> Artifacts,
    string? Error,
    int Attempt,
    string OwnerId,
    DateTimeOffset SubmittedAt,
    DateTimeOffset? StartedAt,
    DateTimeOffset? FinishedAt,
    long Version,
    DateTimeOffset? RunAt = null,
    int MaxAttempts = 1,
    Guid? BatchId = null,
    JobWebhook? Webhook = null,
    JobRoom? Room = null,
    Guid? Project = null,
    string? SubmittedBy = null,
    string? EndUser = null,
    JobCredits? Credits = null);

/// <summary>A priced job's credits: what is still held for attempts to come, and what its attempts that ran were charged.</summary>
public sealed record JobCredits(long Held, long Charged);

/// <summary>A file a job produced, downloadable at <c>/api/v1/jobs/{id}/artifacts/{name}</c>.</summary>
public sealed record JobArtifact(string Name, string ContentType, long Size);
