using System.Text.Json;
using Platform.Contracts.Webhooks;

namespace Platform.Contracts.Jobs;

/// <summary>Body of <c>POST /api/v1/jobs</c>. <paramref name="Priority"/> runs 1 (lowest) to 10 (highest), 5 when left out.</summary>
/// <param name="RunAt">Run no earlier than this; left out, as soon as a worker is free.</param>
/// <param name="MaxAttempts">Runs before a failure is final (1 to 20); left out, the job type's setting.</param>
/// <param name="TimeoutSeconds">A run taking longer fails as timed out; left out, the job type's setting.</param>
/// <param name="Webhook">A URL to call on the job's events; left out, none.</param>
/// <param name="Room">A stored room the job posts its start, progress and end to; left out, none.</param>
/// <param name="Project">One of the owner's projects to submit the job into; left out, none.</param>
/// <param name="EndUser">Whom the job is for, in the caller's own words (a chat user's id): usage groups by it and the owner's
/// per-end-user limits apply to it. 1 to 200 characters; left out, none.</param>
public sealed record SubmitJobRequest(
    string Type, JsonElement? Input, int? Priority = null, DateTimeOffset? RunAt = null, int? MaxAttempts = null, int? TimeoutSeconds = null,
    JobWebhook? Webhook = null, JobRoom? Room = null, Guid? Project = null, string? EndUser = null)
{
    public const int LongestEndUser = 200;

    public const int MostAttempts = 20;
    public const int LongestTimeoutSeconds = 7 * 24 * 3600;

    public const int LowestPriority = 1;
    public const int DefaultPriority = 5;
    public const int HighestPriority = 10;
}
