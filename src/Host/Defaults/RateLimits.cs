using System.Globalization;
using System.Threading.RateLimiting;
using Microsoft.AspNetCore.RateLimiting;
using Platform.Storage.Settings;

namespace Platform.Host.Defaults;

/// <summary>The <see cref="RateLimitPolicies"/>, sized from the <c>RateLimits</c> configuration section.</summary>
public static class RateLimits
{
    public static WebApplicationBuilder AddRateLimits(this WebApplicationBuilder builder)
    {
        var limits = builder.Services.AddSettings<RateLimitsOptions>(builder.Configuration, RateLimitsOptions.Section, RateLimitsOptions.Rules);
        builder.Services.AddRateLimiter(limiter =>
        {
            limiter.RejectionStatusCode = StatusCodes.Status429TooManyRequests;
            limiter.OnRejected = RejectAsync;
            limiter.AddPolicy(RateLimitPolicies.Auth, context => PerAddress(context, limits.Auth));
            limiter.AddPolicy(RateLimitPolicies.Links, context => PerAddress(context, limits.Links));
            limiter.AddPolicy(RateLimitPolicies.Api, context =>
            {
                var plan = limits.PlanOf(context.User.FindFirst(PlatformClaims.Plan)?.Value);
                return RateLimitPartition.GetTokenBucketLimiter((Caller(context), plan), _ => Bucket(limits.PermitsPerMinuteOf(plan)));
            });
            // A member's share of their organization's budget, taken before the organization's own (the global limiter
            // comes first), so a member over their share is refused without spending what the others have left.
            limiter.GlobalLimiter = PartitionedRateLimiter.Create<HttpContext, (string, string)>(context =>
            {
                if (MemberOf(context) is not { } member)
                    return RateLimitPartition.GetNoLimiter((string.Empty, string.Empty));
                var plan = limits.PlanOf(context.User.FindFirst(PlatformClaims.Plan)?.Value);
                return RateLimitPartition.GetTokenBucketLimiter((member, plan), _ => Bucket(limits.MemberPermitsPerMinuteOf(plan)));
            });
        });
        return builder;
    }

    /// <summary>Call after authentication, so the limiter sees the caller's claims.</summary>
    public static WebApplication UseRateLimits(this WebApplication app)
    {
        app.UseRateLimiter();
        return app;
    }

    // Callers without credentials have only their address to go by.
    private static RateLimitPartition<string> PerAddress(HttpContext context, WindowRateLimit limit) =>
        RateLimitPartition.GetFixedWindowLimiter(ClientAddress(context), _ => FixedWindow(limit));

    public static FixedWindowRateLimiterOptions FixedWindow(WindowRateLimit limit) =>
        new() { PermitLimit = limit.PermitLimit, Window = limit.Window, QueueLimit = 0 };

    // An owner's keys and sessions share one budget: more keys buy no more requests. An organization is one owner.
    private static string Caller(HttpContext context) =>
        context.User.FindFirst(PlatformClaims.Owner)?.Value is { } organization ? $"organization:{organization}"
        : context.User.FindFirst(PlatformClaims.UserId)?.Value is { } subject ? $"user:{subject}"
        : $"ip:{ClientAddress(context)}";

    // Within an organization each person, and each of its keys, is a member with a share of its budget.
    private static string? MemberOf(HttpContext context) =>
        context.User.FindFirst(PlatformClaims.Owner)?.Value is { } organization
        && context.GetEndpoint()?.Metadata.GetMetadata<EnableRateLimitingAttribute>()?.PolicyName == RateLimitPolicies.Api
            ? $"member:{organization}:{context.User.FindFirst(PlatformClaims.ApiKeyId)?.Value ?? context.User.FindFirst(PlatformClaims.UserId)?.Value}"
            : null;

    public static string ClientAddress(HttpContext context) => context.Connection.RemoteIpAddress?.ToString() ?? "unknown";

    // Refilled every second; a plan under one permit a second gets one permit as often as it earns it instead.
    private static TokenBucketRateLimiterOptions Bucket(int permitsPerMinute) => new()
    {
        TokenLimit = permitsPerMinute,
        TokensPerPeriod = Math.Max(1, (int)Math.Round(permitsPerMinute / 60.0, MidpointRounding.AwayFromZero)),
        ReplenishmentPeriod = permitsPerMinute >= 60 ? TimeSpan.FromSeconds(1) : TimeSpan.FromMinutes(1) / permitsPerMinute,
        QueueLimit = 0,
    };

    private static async ValueTask RejectAsync(OnRejectedContext rejected, CancellationToken cancellationToken)
    {
        var wait = rejected.Lease.TryGetMetadata(MetadataName.RetryAfter, out var retryAfter) ? retryAfter : TimeSpan.Zero;
        await WriteTooManyRequestsAsync(rejected.HttpContext, wait, "Too many requests.");
    }

    /// <summary>A 429 problem telling the caller how many seconds to wait (<c>Retry-After</c>), with <paramref name="code"/> if given, else <c>rate_limited</c>.</summary>
    public static async Task WriteTooManyRequestsAsync(HttpContext context, TimeSpan wait, string title, string? code = null)
    {
        var seconds = Math.Max(1, (int)Math.Ceiling(wait.TotalSeconds));
        context.Response.StatusCode = StatusCodes.Status429TooManyRequests;
        context.Response.Headers.RetryAfter = seconds.ToString(CultureInfo.InvariantCulture);
        var problem = new ProblemDetailsContext
        {
            HttpContext = context,
            ProblemDetails =
            {
                Status = StatusCodes.Status429TooManyRequests,
                Title = title,
                Detail = $"Try again in {seconds} seconds.",
            },
        };
        if (code is not null)
            problem.ProblemDetails.Extensions[ProblemCodes.Extension] = code;
        await context.RequestServices.GetRequiredService<IProblemDetailsService>().WriteAsync(problem);
    }
}
