namespace Platform.Host.Defaults;

public static class ApiGroups
{
    /// <summary>Routes under <paramref name="prefix"/> that share one tag in the API document, the scope each needs, and the API's rate limit.</summary>
    public static RouteGroupBuilder MapApiGroup(this IEndpointRouteBuilder app, string prefix, string tag, string scope) =>
        app.MapGroup(prefix).WithTags(tag).RequireAuthorization(scope).RequireRateLimiting(RateLimitPolicies.Api);
}
