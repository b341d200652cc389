namespace Platform.Contracts.Webhooks;

/// <summary>
/// Where a job calls back, and on which of its events. Each call is a signed POST (see <see cref="WebhookSignature"/>)
/// whose body is a <see cref="WebhookPayload"/>; unanswered or failed calls are retried with backoff.
/// </summary>
/// <param name="Url">An absolute http or https URL.</param>
/// <param name="Events">Any of <see cref="WebhookEvents.All"/>; left out, all of them.</param>
public sealed record JobWebhook(string Url, IReadOnlyList<string>? Events = null);

public static class WebhookEvents
{
    /// <summary>A run of the job began (each attempt's start).</summary>
    public const string Started = "started";

    /// <summary>The job's stored progress moved; calls not yet made are folded into the latest one.</summary>
    public const string Progress = "progress";

    /// <summary>The job ended: succeeded, failed for good, or cancelled.</summary>
    public const string Completed = "completed";

    public static readonly IReadOnlyList<string> All = [Started, Progress, Completed];

    /// <summary>The <see cref="WebhookPayload.Type"/> of a call for <paramref name="webhookEvent"/>, e.g. <c>job.completed</c>.</summary>
    public static string TypeOf(string webhookEvent) => $"job.{webhookEvent}";
}
