using Marten;
using JasperFx;
using Platform.Storage.Accounts;

namespace Platform.Host.Accounts;

/// <summary>A session whose refresh token was just replaced, and the token that replaces it.</summary>
public sealed record RotatedSession(RefreshSession Session, string Token);

/// <summary>
/// Refresh tokens, <c>{session}.{secret}</c>: random, stored as hashes, replaced on every use. Presenting a
/// replaced one means two parties hold the family, so the whole session ends.
/// </summary>
public sealed class RefreshSessions(IDocumentStore store, AccountCache cache, AuditLog audit, IOptions<AccountsOptions> options, TimeProvider clock)
{
    public static readonly Refusal InvalidToken = Refusal.Unauthenticated("invalid_refresh_token", "The refresh token is not valid.",
        "It is unknown, expired, or its session has ended. Sign in again.");

    private static readonly Refusal ReusedToken = Refusal.Unauthenticated("refresh_token_reused", "The refresh token was already used.",
        "Its session has been ended for safety. Sign in again.");

    public async Task<(RefreshSession Session, string Token)> StartAsync(Guid userId, string device, CancellationToken ct)
    {
        var now = clock.GetUtcNow();
        var session = new RefreshSession
        {
            Id = Guid.NewGuid(),
            UserId = userId,
            Device = device,
            CreatedAt = now,
            LastUsedAt = now,
            ExpiresAt = now + options.Value.RefreshTokenLifetime,
        };
        var token = NewToken(session.Id);
        session.TokenHash = Secrets.Hash(token);
        await using var documents = store.LightweightSession();
        documents.Insert(session);
        await documents.SaveChangesAsync(ct);
        return (session, token);
    }

    public async Task<Outcome<RotatedSession>> RotateAsync(string token, CancellationToken ct)
    {
        if (SessionIdOf(token) is not { } sessionId)
            return InvalidToken;
        var presented = Secrets.Hash(token);
        // A concurrent rotation of the same token loses the race once; the retry then sees the token as spent.
        for (var attempt = 1; ; attempt++)
        {
            await using var documents = store.LightweightSession();
            var session = await documents.LoadAsync<RefreshSession>(sessionId, ct);
            var now = clock.GetUtcNow();
            if (session is null || !session.IsActive(now))
                return InvalidToken;

            if (session.SpentTokenHashes.Contains(presented))
            {
                session.RevokedAt = now;
                session.RevokedReason = "refresh token reused";
                documents.Update(session);
                await documents.SaveChangesAsync(ct);
                await cache.EndSessionAsync(session.Id);
                await audit.RecordAsync(AuditActions.RefreshTokenReused, null, session.UserId, succeeded: false, detail: $"session {session.Id} ended");
                return ReusedToken;
            }
            if (!Secrets.HashesEqual(presented, session.TokenHash))
                return InvalidToken;

            var next = NewToken(session.Id);
            session.SpentTokenHashes.Add(presented);
            session.TokenHash = Secrets.Hash(next);
            session.LastUsedAt = now;
            documents.Update(session);
            try
            {
                await documents.SaveChangesAsync(ct);
                return new RotatedSession(session, next);
            }
            catch (ConcurrencyException) when (attempt == 1)
            {
            }
        }
    }

    /// <summary>Ends the session a token (current or spent) belongs to; false when there is no such session.</summary>
    public async Task<bool> EndAsync(string token, CancellationToken ct)
    {
        if (SessionIdOf(token) is not { } sessionId)
            return false;
        await using var documents = store.LightweightSession();
        var session = await documents.LoadAsync<RefreshSession>(sessionId, ct);
        var presented = Secrets.Hash(token);
        if (session is null || (session.TokenHash != presented && !session.SpentTokenHashes.Contains(presented)))
            return false;
        return await RevokeAsync(session.UserId, sessionId, "signed out", ct);
    }

    public async Task<bool> RevokeAsync(Guid userId, Guid sessionId, string reason, CancellationToken ct)
    {
        await using var documents = store.LightweightSession();
        var session = await documents.LoadAsync<RefreshSession>(sessionId, ct);
        if (session is null || session.UserId != userId || !session.IsActive(clock.GetUtcNow()))
            return false;
        session.RevokedAt = clock.GetUtcNow();
        session.RevokedReason = reason;
        documents.Update(session);
        await documents.SaveChangesAsync(ct);
        await cache.EndSessionAsync(sessionId);
        return true;
    }

    public async Task RevokeAllAsync(Guid userId, Guid? except, string reason, CancellationToken ct)
    {
        await using var documents = store.LightweightSession();
        var now = clock.GetUtcNow();
        var ending = (await ActiveAsync(documents, userId, now, ct)).Where(session => session.Id != except).ToList();
        foreach (var session in ending)
        {
            session.RevokedAt = now;
            session.RevokedReason = reason;
            documents.Update(session);
        }
        await documents.SaveChangesAsync(ct);
        foreach (var session in ending)
            await cache.EndSessionAsync(session.Id);
    }

    public async Task<IReadOnlyList<RefreshSession>> ListActiveAsync(Guid userId, CancellationToken ct)
    {
        await using var documents = store.QuerySession();
        return await ActiveAsync(documents, userId, clock.GetUtcNow(), ct);
    }

    private static async Task<IReadOnlyList<RefreshSession>> ActiveAsync(IQuerySession documents, Guid userId, DateTimeOffset now, CancellationToken ct) =>
        await documents.Query<RefreshSession>()
            .Where(s => s.UserId == userId && s.RevokedAt == null && s.ExpiresAt > now)
            .OrderByDescending(s => s.LastUsedAt)
            .ToListAsync(ct);

    private static string NewToken(Guid sessionId) =>
        $"{sessionId:N}.{Secrets.NewRandom()}";

    private static Guid? SessionIdOf(string token)
    {
        var dot = token.IndexOf('.');
        return dot == 32 && Guid.TryParseExact(token[..dot], "N", out var id) ? id : null;
    }
}
