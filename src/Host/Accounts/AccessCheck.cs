using Platform.Host.Organizations;
using Platform.Hubs.Watching;

namespace Platform.Host.Accounts;

/// <summary>
/// The one rule for whether a caller's access still stands: a token's account, credentials and session, or a key and
/// its owner's standing, and the membership of the organization it acts for. Authentication applies it to every token,
/// and what stays open past authentication (hub connections, streams, long-polls) applies it again once registered,
/// since access that ended in between closed nothing.
/// </summary>
public sealed class AccessCheck(AccountCache accounts, TimeProvider clock) : IAccessCheck
{
    public async Task<bool> StandsAsync(ClaimsPrincipal caller, CancellationToken ct) =>
        (caller.HasClaim(claim => claim.Type == PlatformClaims.ApiKeyId)
            ? await KeyStandsAsync(caller, ct)
            : await TokenEndedBecauseAsync(caller, ct) is null)
        && await ActingOwner.MembershipStandsAsync(caller, accounts, ct);

    /// <summary>Why a token no longer grants access, or null while it does.</summary>
    public async Task<string?> TokenEndedBecauseAsync(ClaimsPrincipal token, CancellationToken ct)
    {
        if (!Guid.TryParse(token.FindFirst(PlatformClaims.UserId)?.Value, out var userId))
            return "The token names no user.";
        var user = await accounts.UserAsync(userId, ct);
        // A changed password or role changes the stamp.
        if (user is null || user.Disabled || user.SecurityStamp != token.FindFirst(PlatformClaims.SecurityStamp)?.Value)
            return "The token's account is disabled or its credentials have changed.";
        if (token.SessionIdOf() is not { } sessionId
            || await accounts.ActiveSessionAsync(sessionId, clock.GetUtcNow(), ct) is not { } session
            || session.UserId != userId)
            return "The token's session has ended.";
        return null;
    }

    // A key's claims carry its owner's role, so a changed role ends them as a changed stamp ends a token's.
    private async Task<bool> KeyStandsAsync(ClaimsPrincipal caller, CancellationToken ct)
    {
        if (!Guid.TryParse(caller.FindFirst(PlatformClaims.ApiKeyId)?.Value, out var keyId)
            || await accounts.ApiKeyByIdAsync(keyId, ct) is not { } key
            || !key.IsUsable(clock.GetUtcNow()))
            return false;
        var owner = await accounts.UserAsync(key.UserId, ct);
        if (key.OrganizationId is { } organizationId)
            return owner is { Disabled: false } && await accounts.OrganizationAsync(organizationId, ct) is { Disabled: false };
        return owner is { Disabled: false } && owner.Role == caller.FindFirst(PlatformClaims.Role)?.Value;
    }
}
