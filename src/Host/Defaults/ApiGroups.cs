namespace Platform.Host.Defaults;

public static class ApiGroups
{
    /// <summary>Routes under <paramref name="prefix"/> that share one tag in the API document and the API's rate limit, and the scope each needs where they all need one.</summary>
    public static RouteGroupBuilder MapApiGroup(this IEndpointRouteBuilder app, string prefix, string tag, string? scope = null)
    {
        var group = app.MapGroup(prefix).WithTags(tag).RequireRateLimiting(RateLimitPolicies.Api);
        return scope is null ? group : group.RequireAuthorization(scope);
    }

    /// <summary>The operation's id and one-line summary in the API document, which SDKs name their calls after.</summary>
    public static TBuilder Describe<TBuilder>(this TBuilder builder, string operationId, string summary) where TBuilder : IEndpointConventionBuilder =>
        builder.WithName(operationId).WithSummary(summary);
}
