using System.Text.Encodings.Web;
using Microsoft.AspNetCore.Authentication;
using Platform.Storage.Accounts;
using Platform.Storage.Organizations;

namespace Platform.Host.Accounts;

/// <summary>Authenticates the <c>X-API-Key</c> header: the key's owner, limited to the key's scopes.</summary>
public sealed class ApiKeyAuthentication(IOptionsMonitor<AuthenticationSchemeOptions> options, ILoggerFactory logger, UrlEncoder encoder, ApiKeys keys,
    AccountCache accounts)
    : AuthenticationHandler<AuthenticationSchemeOptions>(options, logger, encoder)
{
    public const string SchemeName = "ApiKey";

    protected override async Task<AuthenticateResult> HandleAuthenticateAsync()
    {
        if (!Request.Headers.TryGetValue(ApiKeyHeader.Name, out var values) || values.Count == 0)
            return AuthenticateResult.NoResult();
        var found = await keys.FindAsync(values.ToString(), Context.RequestAborted);
        if (found is not var (key, owner))
            return AuthenticateResult.Fail("The API key is unknown, revoked or expired.");
        if (owner.Disabled)
            return AuthenticateResult.Fail("The API key's owner is disabled.");
        if (key.OrganizationId is { } organizationId)
            return await accounts.OrganizationAsync(organizationId, Context.RequestAborted) is { Disabled: false } organization
                ? Authenticated(OrganizationKeyClaims(key, owner, organization), key)
                : AuthenticateResult.Fail("The API key's organization is disabled or gone.");

        // A key keeps no more than its owner may do today: an owner who lost the admin role loses its admin scope.
        var scopes = key.Scopes.Where(scope => scope != Scopes.Admin || owner.Role == Roles.Admin).ToList();
        // Likewise its worker claims run everyone's jobs only while the owner is an admin.
        var sharedWorker = key.SharedWorker && owner.Role == Roles.Admin && scopes.Contains(Scopes.Worker);
        return Authenticated(
            [
                new Claim(PlatformClaims.UserId, owner.Id.ToString()),
                new Claim(PlatformClaims.Role, owner.Role),
                new Claim(PlatformClaims.Plan, owner.Plan),
                new Claim(PlatformClaims.ApiKeyId, key.Id.ToString()),
                .. scopes.Select(scope => new Claim(PlatformClaims.Scope, scope)),
                .. sharedWorker ? [new Claim(PlatformClaims.SharedWorker, "true")] : Array.Empty<Claim>(),
            ], key);
    }

    // An organization's key acts for it with the key's scopes; its maker is the caller of record, with no role of the platform's.
    private static Claim[] OrganizationKeyClaims(ApiKeyRecord key, UserAccount maker, OrganizationRecord organization) =>
    [
        new Claim(PlatformClaims.UserId, maker.Id.ToString()),
        new Claim(PlatformClaims.Role, Roles.User),
        new Claim(PlatformClaims.Plan, organization.Plan),
        new Claim(PlatformClaims.ApiKeyId, key.Id.ToString()),
        new Claim(PlatformClaims.Owner, organization.Id.ToString()),
        .. key.Scopes.Where(scope => scope != Scopes.Admin).Select(scope => new Claim(PlatformClaims.Scope, scope)),
    ];

    private static AuthenticateResult Authenticated(IEnumerable<Claim> claims, ApiKeyRecord key)
    {
        var identity = new ClaimsIdentity(claims, SchemeName, PlatformClaims.UserId, PlatformClaims.Role);
        // As with a token, a hub connection opened with the key closes when the key expires.
        var expiry = new AuthenticationProperties { ExpiresUtc = key.ExpiresAt };
        return AuthenticateResult.Success(new AuthenticationTicket(new ClaimsPrincipal(identity), expiry, SchemeName));
    }
}
