using Platform.Contracts.Jobs;

namespace Platform.Contracts.Webhooks;

/// <summary>The body of a webhook call: what happened (<c>job.started</c>, <c>job.progress</c>, <c>job.completed</c>) and the job as it stood then.</summary>
/// <param name="Job">Its <see cref="Job.Version"/> orders calls, which may arrive out of order or, rarely, twice (the <c>webhook-id</c> header tells).</param>
public sealed record WebhookPayload(string Type, DateTimeOffset Timestamp, Job Job);
