namespace Platform.Host.Accounts;

/// <summary>The claims every authenticated caller carries, whether signed in with a token or an API key.</summary>
public static class PlatformClaims
{
    public const string UserId = "sub";
    public const string Role = "role";
    public const string Scope = "scope";
    public const string Plan = "plan";
    public const string SecurityStamp = "stamp";
    public const string SessionId = "sid";
    public const string ApiKeyId = "key_id";

    /// <summary>Carried by a worker key whose claims run every user's jobs (see <c>ApiKeyRecord.SharedWorker</c>).</summary>
    public const string SharedWorker = "shared_worker";

    /// <summary>Managing one's own account (profile, password, sessions, keys): people with a token only, never an API key.</summary>
    public const string AccountScope = "account";

    public static string OwnerId(this ClaimsPrincipal principal) =>
        principal.FindFirstValue(UserId) ?? throw new InvalidOperationException("The caller is not authenticated.");

    public static string? PlanOf(this ClaimsPrincipal principal) => principal.FindFirstValue(Plan);

    public static Guid UserIdOf(this ClaimsPrincipal principal) => Guid.Parse(principal.OwnerId());

    public static bool IsSharedWorker(this ClaimsPrincipal principal) => principal.HasClaim(SharedWorker, "true");

    public static Guid? SessionIdOf(this ClaimsPrincipal principal) =>
        Guid.TryParse(principal.FindFirstValue(SessionId), out var id) ? id : null;

    /// <summary>What a person signed in with a token may do: everything their role allows.</summary>
    public static IReadOnlyList<string> ScopesOfRole(string role) =>
        role == Roles.Admin ? [Scopes.JobsRead, Scopes.JobsWrite, Scopes.Admin, AccountScope] : [Scopes.JobsRead, Scopes.JobsWrite, AccountScope];
}
