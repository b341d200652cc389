using System.Net;

namespace Platform.Client;

/// <summary>
/// When the client sends a request again by itself: after 429 Too Many Requests, and after 503 Service Unavailable
/// for requests that are safe to repeat (reads, puts, deletes, and anything sent with an idempotency key). It waits
/// as long as <c>Retry-After</c> says, or backs off from half a second, and gives up when the wait would pass <see cref="MaxDelay"/>.
/// </summary>
public sealed record RetryPolicy(int MaxRetries = 3, TimeSpan? MaxDelay = null)
{
    public static RetryPolicy Default { get; } = new();

    public static RetryPolicy None { get; } = new(0);

    private TimeSpan Longest => MaxDelay ?? TimeSpan.FromSeconds(30);

    /// <summary>How long to wait before sending again after <paramref name="response"/>, or null to give its answer to the caller.</summary>
    public TimeSpan? DelayBeforeRetry(HttpResponseMessage response, int retriesSoFar, bool idempotencyKeySent)
    {
        if (retriesSoFar >= MaxRetries)
            return null;
        var method = response.RequestMessage?.Method;
        var repeatable = idempotencyKeySent || method == HttpMethod.Get || method == HttpMethod.Head || method == HttpMethod.Put || method == HttpMethod.Delete;
        if (response.StatusCode != HttpStatusCode.TooManyRequests && !(response.StatusCode == HttpStatusCode.ServiceUnavailable && repeatable))
            return null;

        var delay = RetryAfter(response) ?? TimeSpan.FromMilliseconds(500 * Math.Pow(2, retriesSoFar));
        return delay <= Longest ? delay : null;
    }

    private static TimeSpan? RetryAfter(HttpResponseMessage response) => response.Headers.RetryAfter switch
    {
        { Delta: { } delta } => delta,
        { Date: { } date } => date - DateTimeOffset.UtcNow is var wait && wait > TimeSpan.Zero ? wait : TimeSpan.Zero,
        _ => null,
    };
}
