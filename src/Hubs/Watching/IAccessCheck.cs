using System.Security.Claims;

namespace Platform.Hubs.Watching;

/// <summary>Whether the access a caller was authenticated with still stands (account, session, key), read afresh.</summary>
public interface IAccessCheck
{
    Task<bool> StandsAsync(ClaimsPrincipal caller, CancellationToken ct);
}
