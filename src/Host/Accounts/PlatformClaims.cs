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

    /// <summary>The organization a request acts for, when it acts for one (see <see cref="Organizations.ActingOwner"/>).</summary>
    public const string Owner = Platform.Hubs.SubjectUserIdProvider.OwnerClaimType;

    /// <summary>The caller's role in the organization the request acts for.</summary>
    public const string OrganizationRole = "org_role";

    /// <summary>"{organization}:{user}": what ends when that one membership changes.</summary>
    public const string Membership = "membership";

    /// <summary>Carried by a worker key whose claims run every user's jobs (see <c>ApiKeyRecord.SharedWorker</c>).</summary>
    public const string SharedWorker = "shared_worker";

    /// <summary>Managing one's own account (profile, password, sessions, keys): people with a token only, never an API key.</summary>
    public const string AccountScope = "account";

    /// <summary>Who owns what the request reads and makes: the organization it acts for, else the caller.</summary>
    public static string OwnerId(this ClaimsPrincipal principal) =>
        principal.FindFirstValue(Owner) ?? principal.FindFirstValue(UserId) ?? throw new InvalidOperationException("The caller is not authenticated.");

    /// <summary><see cref="OwnerId"/> as the id that files and links are kept under.</summary>
    public static Guid OwnerGuidOf(this ClaimsPrincipal principal) => Guid.Parse(principal.OwnerId());

    /// <summary>The person behind a request acting for an organization, whose its jobs' notifications and room posts are; null otherwise.</summary>
    public static string? SubmitterOf(this ClaimsPrincipal principal) =>
        principal.FindFirstValue(Owner) is null ? null : principal.FindFirstValue(UserId);

    public static string MembershipOf(Guid organizationId, Guid userId) => $"{organizationId}:{userId}";

    public static string? PlanOf(this ClaimsPrincipal principal) => principal.FindFirstValue(Plan);

    /// <summary>The person calling, whoever they act for.</summary>
    public static Guid UserIdOf(this ClaimsPrincipal principal) =>
        Guid.Parse(principal.FindFirstValue(UserId) ?? throw new InvalidOperationException("The caller is not authenticated."));

    public static bool IsSharedWorker(this ClaimsPrincipal principal) => principal.HasClaim(SharedWorker, "true");

    public static Guid? SessionIdOf(this ClaimsPrincipal principal) =>
        Guid.TryParse(principal.FindFirstValue(SessionId), out var id) ? id : null;

    /// <summary>What a person signed in with a token may do: everything their role allows.</summary>
    public static IReadOnlyList<string> ScopesOfRole(string role) =>
        role == Roles.Admin ? [Scopes.JobsRead, Scopes.JobsWrite, Scopes.Admin, AccountScope] : [Scopes.JobsRead, Scopes.JobsWrite, AccountScope];
}
