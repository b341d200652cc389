namespace Platform.Contracts.Webhooks;

/// <summary>One webhook call of a job and every attempt to make it, as <c>GET /api/v1/jobs/{id}/webhooks</c> lists them.</summary>
/// <param name="Id">Sent as the <c>webhook-id</c> header; the same on every attempt of this call.</param>
/// <param name="NextAttemptAt">When a pending call is tried (again).</param>
public sealed record WebhookDelivery(
    Guid Id,
    string Event,
    string Url,
    long JobVersion,
    WebhookDeliveryStatus Status,
    DateTimeOffset CreatedAt,
    DateTimeOffset? NextAttemptAt,
    IReadOnlyList<WebhookAttempt> Attempts);

/// <param name="StatusCode">The receiver's answer; null when none came (refused, timed out, unreachable).</param>
/// <param name="Error">Why the attempt did not count as delivered; null when it did.</param>
public sealed record WebhookAttempt(int Number, DateTimeOffset At, int? StatusCode, string? Error, int DurationMs);

public enum WebhookDeliveryStatus
{
    Pending,
    Delivered,
    Failed,
}

/// <summary>The key webhook calls to the caller's URLs are signed with; see <see cref="WebhookSignature"/>.</summary>
public sealed record WebhookSigningSecret(string Secret);
