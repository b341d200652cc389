using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;
using Platform.Storage.Accounts;

namespace Platform.Host.Accounts;

/// <summary>Issues the short-lived JWTs people call the API and hubs with.</summary>
public sealed class AccessTokens(SymmetricSecurityKey key, IOptions<AccountsOptions> options, TimeProvider clock)
{
    private readonly JsonWebTokenHandler _handler = new();

    public (string Token, DateTimeOffset ExpiresAt) Issue(UserAccount user, Guid sessionId)
    {
        var now = clock.GetUtcNow();
        var expires = now + options.Value.AccessTokenLifetime;
        var token = _handler.CreateToken(new SecurityTokenDescriptor
        {
            Issuer = options.Value.Issuer,
            Audience = options.Value.Audience,
            IssuedAt = now.UtcDateTime,
            NotBefore = now.UtcDateTime,
            Expires = expires.UtcDateTime,
            SigningCredentials = new SigningCredentials(key, SecurityAlgorithms.HmacSha256),
            Claims = new Dictionary<string, object>
            {
                [PlatformClaims.UserId] = user.Id.ToString(),
                [PlatformClaims.Role] = user.Role,
                [PlatformClaims.Plan] = user.Plan,
                [PlatformClaims.SecurityStamp] = user.SecurityStamp,
                [PlatformClaims.SessionId] = sessionId.ToString(),
                [PlatformClaims.Scope] = PlatformClaims.ScopesOfRole(user.Role).ToArray(),
                [JwtRegisteredClaimNames.Jti] = Guid.NewGuid().ToString("N"),
            },
        });
        return (token, expires);
    }
}
