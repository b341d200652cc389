namespace Platform.Host.Defaults;

/// <summary>The rate limit policies endpoints opt into with <c>RequireRateLimiting</c>.</summary>
public static class RateLimitPolicies
{
    /// <summary>Sign-in and token endpoints: a few attempts per client address, to slow down password guessing.</summary>
    public const string Auth = "auth";

    /// <summary>The API: a token bucket per caller, sized by the caller's plan.</summary>
    public const string Api = "api";

    /// <summary>Download links, opened without credentials: a fixed window per client address.</summary>
    public const string Links = "links";
}
