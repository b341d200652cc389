using System.Collections.Concurrent;
using Marten;
using Marten.Patching;
using Platform.Storage.Accounts;

namespace Platform.Host.Accounts;

/// <summary>API keys, <c>pk_{secret}</c>: found by the hash of the whole key, shown by a short prefix.</summary>
public sealed class ApiKeys(IDocumentStore store, AccountCache cache, TimeProvider clock)
{
    private readonly ConcurrentDictionary<Guid, DateTimeOffset> _lastRecordedUse = new();

    public const string KeyStart = "pk_";
    private const int VisiblePrefixLength = 10;
    private static readonly TimeSpan LastUsedResolution = TimeSpan.FromMinutes(1);

    /// <param name="sharedWorker">Its worker claims run every user's jobs (an admin's worker key, made with the password).</param>
    /// <param name="organizationId">The organization it acts for, made by <paramref name="userId"/>; null for the person's own key.</param>
    public async Task<ApiKeyCreated> CreateAsync(Guid userId, string name, IReadOnlyList<string> scopes, bool sharedWorker, DateTimeOffset? expiresAt,
        CancellationToken ct, Guid? organizationId = null)
    {
        var secret = KeyStart + Secrets.NewRandom();
        var key = new ApiKeyRecord
        {
            Id = Guid.NewGuid(),
            UserId = userId,
            OrganizationId = organizationId,
            Name = name,
            Prefix = secret[..VisiblePrefixLength],
            SecretHash = Secrets.Hash(secret),
            Scopes = [.. scopes.Distinct()],
            SharedWorker = sharedWorker,
            ExpiresAt = expiresAt,
            CreatedAt = clock.GetUtcNow(),
        };
        await using var documents = store.LightweightSession();
        documents.Insert(key);
        await documents.SaveChangesAsync(ct);
        return new ApiKeyCreated(key.Id, key.Name, key.Prefix, secret, key.Scopes, key.ExpiresAt, key.CreatedAt);
    }

    /// <summary>A person's own keys, not those they made for organizations.</summary>
    public async Task<IReadOnlyList<ApiKeyInfo>> ListAsync(Guid userId, CancellationToken ct)
    {
        await using var documents = store.QuerySession();
        return await ListAsync(documents.Query<ApiKeyRecord>().Where(k => k.UserId == userId && k.OrganizationId == null), ct);
    }

    public async Task<IReadOnlyList<ApiKeyInfo>> ListForOrganizationAsync(Guid organizationId, CancellationToken ct)
    {
        await using var documents = store.QuerySession();
        return await ListAsync(documents.Query<ApiKeyRecord>().Where(k => k.OrganizationId == organizationId), ct);
    }

    private static async Task<IReadOnlyList<ApiKeyInfo>> ListAsync(IQueryable<ApiKeyRecord> keys, CancellationToken ct) =>
        (await keys.Where(k => k.RevokedAt == null).OrderByDescending(k => k.CreatedAt).ToListAsync(ct)).Select(k => k.ToInfo()).ToList();

    public Task<ApiKeyRecord?> RevokeAsync(Guid userId, Guid keyId, CancellationToken ct) =>
        RevokeAsync(keyId, key => key.UserId == userId && key.OrganizationId is null, ct);

    public Task<ApiKeyRecord?> RevokeForOrganizationAsync(Guid organizationId, Guid keyId, CancellationToken ct) =>
        RevokeAsync(keyId, key => key.OrganizationId == organizationId, ct);

    private async Task<ApiKeyRecord?> RevokeAsync(Guid keyId, Func<ApiKeyRecord, bool> belongs, CancellationToken ct)
    {
        await using var documents = store.LightweightSession();
        var key = await documents.LoadAsync<ApiKeyRecord>(keyId, ct);
        if (key is null || !belongs(key) || key.RevokedAt is not null)
            return null;
        key.RevokedAt = clock.GetUtcNow();
        documents.Update(key);
        await documents.SaveChangesAsync(ct);
        await cache.EndApiKeyAsync(key);
        return key;
    }

    /// <summary>
    /// Call once <paramref name="userId"/> is no longer an admin: their worker keys stop running other users' jobs for
    /// good (a new key made as an admin again, with the password, may), and every host forgets them and closes what they opened.
    /// </summary>
    public async Task EndSharedWorkAsync(Guid userId, CancellationToken ct)
    {
        await using var documents = store.LightweightSession();
        var shared = await documents.Query<ApiKeyRecord>().Where(k => k.UserId == userId && k.SharedWorker).ToListAsync(ct);
        foreach (var key in shared)
        {
            key.SharedWorker = false;
            documents.Update(key);
        }
        await documents.SaveChangesAsync(ct);
        foreach (var key in shared)
            await cache.EndApiKeyAsync(key);
    }

    /// <summary>The usable key <paramref name="secret"/> is, with its owner; null for anything else.</summary>
    public async Task<(ApiKeyRecord Key, UserAccount Owner)?> FindAsync(string secret, CancellationToken ct)
    {
        if (!secret.StartsWith(KeyStart, StringComparison.Ordinal) || secret.Length > 100)
            return null;
        var key = await cache.ApiKeyAsync(Secrets.Hash(secret), ct);
        var now = clock.GetUtcNow();
        if (key is null || !key.IsUsable(now))
            return null;
        var owner = await cache.UserAsync(key.UserId, ct);
        if (owner is null)
            return null;
        await RecordUseAsync(key.Id, now, ct);
        return (key, owner);
    }

    // Last use is kept to the minute, so a busy key costs one write a minute per host rather than one per request.
    private async Task RecordUseAsync(Guid keyId, DateTimeOffset now, CancellationToken ct)
    {
        if (_lastRecordedUse.TryGetValue(keyId, out var recorded) && now - recorded < LastUsedResolution)
            return;
        _lastRecordedUse[keyId] = now;
        await using var documents = store.LightweightSession();
        documents.Patch<ApiKeyRecord>(keyId).Set(k => k.LastUsedAt, now);
        await documents.SaveChangesAsync(ct);
    }
}
