using System.Text.Encodings.Web;
using Microsoft.AspNetCore.Authentication;

namespace Platform.Host.Accounts;

/// <summary>Authenticates the <c>X-API-Key</c> header: the key's owner, limited to the key's scopes.</summary>
public sealed class ApiKeyAuthentication(IOptionsMonitor<AuthenticationSchemeOptions> options, ILoggerFactory logger, UrlEncoder encoder, ApiKeys keys)
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

        // A key keeps no more than its owner may do today: an owner who lost the admin role loses its admin scope.
        var scopes = key.Scopes.Where(scope => scope != Scopes.Admin || owner.Role == Roles.Admin).ToList();
        // Likewise its worker claims run everyone's jobs only while the owner is an admin.
        var sharedWorker = key.SharedWorker && owner.Role == Roles.Admin && scopes.Contains(Scopes.Worker);
        var identity = new ClaimsIdentity(
            [
                new Claim(PlatformClaims.UserId, owner.Id.ToString()),
                new Claim(PlatformClaims.Role, owner.Role),
                new Claim(PlatformClaims.Plan, owner.Plan),
                new Claim(PlatformClaims.ApiKeyId, key.Id.ToString()),
                .. scopes.Select(scope => new Claim(PlatformClaims.Scope, scope)),
                .. sharedWorker ? [new Claim(PlatformClaims.SharedWorker, "true")] : Array.Empty<Claim>(),
            ],
            SchemeName, PlatformClaims.UserId, PlatformClaims.Role);
        // As with a token, a hub connection opened with the key closes when the key expires.
        var expiry = new AuthenticationProperties { ExpiresUtc = key.ExpiresAt };
        return AuthenticateResult.Success(new AuthenticationTicket(new ClaimsPrincipal(identity), expiry, SchemeName));
    }
}
