using System.Collections.Concurrent;
using Platform.Hubs.Watching;

namespace Platform.Host.Accounts;

/// <summary>A credential that no longer grants access: a user (disabled, new password or role), a session, an API key or a membership.</summary>
public sealed record EndedAccess(string Claim, string Value)
{
    public static EndedAccess User(Guid userId) => new(PlatformClaims.UserId, userId.ToString());

    public static EndedAccess Session(Guid sessionId) => new(PlatformClaims.SessionId, sessionId.ToString());

    public static EndedAccess ApiKey(Guid keyId) => new(PlatformClaims.ApiKeyId, keyId.ToString());

    /// <summary>One member's access as the organization: they left, were removed, or their role changed.</summary>
    public static EndedAccess Membership(Guid organizationId, Guid userId) => new(PlatformClaims.Membership, PlatformClaims.MembershipOf(organizationId, userId));

    /// <summary>Everyone's access as the organization: it was disabled or deleted.</summary>
    public static EndedAccess Organization(Guid organizationId) => new(PlatformClaims.Owner, organizationId.ToString());

    public bool Covers(ClaimsPrincipal caller) => caller.HasClaim(Claim, Value);
}

/// <summary>
/// What this host keeps open for callers past the moment they were authenticated (hub connections, event streams,
/// long-polls), so that access which ends closes them at once instead of when the client leaves.
/// </summary>
public sealed class OpenAccess(HubConnections hubs, IServiceProvider services, ILogger<OpenAccess> logger)
{
    private readonly ConcurrentDictionary<HeldRequest, byte> _requests = new();

    /// <summary>Puts a long-lived request on the list of what ends with its caller's access, until the result is disposed.</summary>
    public IDisposable Hold(HttpContext request)
    {
        var held = new HeldRequest(request, this);
        _requests[held] = 0;
        _ = CheckAgainAsync(held, request.User, request.RequestAborted);
        return held;
    }

    // Access that ended between the request's authentication and its holding found nothing to close.
    private async Task CheckAgainAsync(HeldRequest held, ClaimsPrincipal caller, CancellationToken ct)
    {
        try
        {
            // Resolved here: the check reads the account cache, which ends access through this class.
            if (!await services.GetRequiredService<AccessCheck>().StandsAsync(caller, ct))
                held.Abort();
        }
        catch (OperationCanceledException)
        {
            // The request ended first.
        }
    }

    /// <summary>Closes this host's hub connections and held requests of callers <paramref name="ended"/> covers.</summary>
    public void End(EndedAccess ended)
    {
        var closed = hubs.Abort(ended.Covers);
        foreach (var request in _requests.Keys)
            if (request.AbortIf(ended))
                closed++;
        if (closed > 0)
            logger.LogInformation("Closed {Count} connections and streams whose access ended ({Claim} {Value})", closed, ended.Claim, ended.Value);
    }

    private sealed class HeldRequest(HttpContext context, OpenAccess owner) : IDisposable
    {
        // A request's context is reused once it completes, so it is aborted only while the request still holds it.
        private readonly Lock _released = new();
        private bool _disposed;

        public bool AbortIf(EndedAccess ended) => ended.Covers(context.User) && Abort();

        public bool Abort()
        {
            lock (_released)
            {
                if (_disposed)
                    return false;
                context.Abort();
                return true;
            }
        }

        public void Dispose()
        {
            lock (_released)
                _disposed = true;
            owner._requests.TryRemove(this, out _);
        }
    }
}
