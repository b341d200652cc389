using System.Globalization;
using System.Threading.RateLimiting;
using Microsoft.AspNetCore.RateLimiting;
using Platform.Host.Accounts;

namespace Platform.Host.Defaults;

/// <summary>The <see cref="RateLimitPolicies"/>, sized from the <c>RateLimits</c> configuration section.</summary>
public static class RateLimits
{
    public const string DefaultPlan = "standard";
    public const int DefaultPlanPermitsPerMinute = 600;
    public const int DefaultAuthPermitLimit = 10;
    public const int DefaultAuthWindowSeconds = 60;
    public const int DefaultLinksPermitLimit = 60;
    public const int DefaultLinksWindowSeconds = 60;

    public static WebApplicationBuilder AddRateLimits(this WebApplicationBuilder builder)
    {
        var configuration = builder.Configuration;
        builder.Services.AddRateLimiter(limiter =>
        {
            limiter.RejectionStatusCode = StatusCodes.Status429TooManyRequests;
            limiter.OnRejected = RejectAsync;
            limiter.AddPolicy(RateLimitPolicies.Auth, context => PerAddress(context, configuration, "Auth", DefaultAuthPermitLimit, DefaultAuthWindowSeconds));
            limiter.AddPolicy(RateLimitPolicies.Links, context => PerAddress(context, configuration, "Links", DefaultLinksPermitLimit, DefaultLinksWindowSeconds));
            limiter.AddPolicy(RateLimitPolicies.Api, context =>
            {
                var plan = PlanOf(context, configuration);
                return RateLimitPartition.GetTokenBucketLimiter((Caller(context), plan), _ => Bucket(PermitsPerMinute(configuration, plan)));
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

    // Callers without credentials have only their address to go by; RateLimits:{section}:PermitLimit and WindowSeconds size the window.
    private static RateLimitPartition<string> PerAddress(HttpContext context, IConfiguration configuration, string section, int permitLimit, int windowSeconds) =>
        RateLimitPartition.GetFixedWindowLimiter(ClientAddress(context), _ => new FixedWindowRateLimiterOptions
        {
            PermitLimit = configuration.GetValue($"RateLimits:{section}:PermitLimit", permitLimit),
            Window = TimeSpan.FromSeconds(configuration.GetValue($"RateLimits:{section}:WindowSeconds", windowSeconds)),
            QueueLimit = 0,
        });

    // A user's keys and sessions share one budget: more keys buy no more requests.
    private static string Caller(HttpContext context) =>
        context.User.FindFirst(PlatformClaims.UserId)?.Value is { } subject ? $"user:{subject}" : $"ip:{ClientAddress(context)}";

    public static string ClientAddress(HttpContext context) => context.Connection.RemoteIpAddress?.ToString() ?? "unknown";

    // A plan nobody configured is sized like the standard one.
    private static string PlanOf(HttpContext context, IConfiguration configuration) =>
        context.User.FindFirst(PlatformClaims.Plan)?.Value is { } plan && configuration.GetSection($"RateLimits:Plans:{plan}").Exists()
            ? plan
            : DefaultPlan;

    private static int PermitsPerMinute(IConfiguration configuration, string plan) =>
        configuration.GetValue($"RateLimits:Plans:{plan}:PermitsPerMinute", DefaultPlanPermitsPerMinute);

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
