using System.Threading.RateLimiting;

namespace Platform.Host.Accounts;

/// <summary>
/// Failed authentications per client address, on this host. An address that has failed
/// <c>RateLimits:AuthFailures:PermitLimit</c> times within <c>RateLimits:AuthFailures:WindowSeconds</c> is refused
/// before the credentials it sends are looked up, so a stream of made-up keys or tokens costs no database work once
/// the limit is reached. Only failures count; a caller whose credentials work is never counted.
/// </summary>
public sealed class FailedAuthentications : IDisposable
{
    public const string Code = "too_many_failed_authentications";

    private readonly PartitionedRateLimiter<string> _failures;

    public FailedAuthentications(IOptions<RateLimitsOptions> limits)
    {
        var limit = RateLimits.FixedWindow(limits.Value.AuthFailures);
        _failures = PartitionedRateLimiter.Create<string, string>(address => RateLimitPartition.GetFixedWindowLimiter(address, _ => limit));
    }

    /// <summary>Null while <paramref name="address"/> may still try; else how long until it may.</summary>
    public TimeSpan? Refusal(string address)
    {
        // Asking for no permit takes none: it only tells whether any is left.
        using var lease = _failures.AttemptAcquire(address, 0);
        return lease.IsAcquired ? null : lease.TryGetMetadata(MetadataName.RetryAfter, out var wait) ? wait : TimeSpan.Zero;
    }

    public void Record(string address) => _failures.AttemptAcquire(address).Dispose();

    public void Dispose() => _failures.Dispose();
}

public static class FailedAuthenticationLimit
{
    /// <summary>Call just before authentication: it refuses addresses over the limit, and counts the failures authentication leaves.</summary>
    public static WebApplication UseFailedAuthenticationLimit(this WebApplication app)
    {
        var failures = app.Services.GetRequiredService<FailedAuthentications>();
        app.Use(async (context, next) =>
        {
            if (!PresentsCredentials(context))
            {
                await next(context);
                return;
            }
            var address = RateLimits.ClientAddress(context);
            if (failures.Refusal(address) is { } wait)
            {
                await RateLimits.WriteTooManyRequestsAsync(context, wait, "Too many failed authentications from this address.", FailedAuthentications.Code);
                return;
            }
            await next(context);
            if (context.User.Identity?.IsAuthenticated != true)
                failures.Record(address);
        });
        return app;
    }

    private static bool PresentsCredentials(HttpContext context) =>
        context.Request.Headers.ContainsKey(ApiKeyHeader.Name)
        || context.Request.Headers.Authorization.Count > 0
        || AccountsExtensions.HubTokenOf(context.Request) is not null;
}
