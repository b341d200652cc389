using Marten;
using Platform.Contracts.Accounts;
using Platform.Storage.Accounts;

namespace Platform.Host.Accounts;

/// <summary>API keys, <c>pk_{secret}</c>: found by the hash of the whole key, shown by a short prefix.</summary>
public sealed class ApiKeys(IDocumentStore store, TimeProvider clock)
{
    public const string KeyStart = "pk_";
    private const int VisiblePrefixLength = 10;
    private static readonly TimeSpan LastUsedResolution = TimeSpan.FromMinutes(1);

    public async Task<ApiKeyCreated> CreateAsync(Guid userId, string name, IReadOnlyList<string> scopes, DateTimeOffset? expiresAt, CancellationToken ct)
    {
        var secret = KeyStart + Secrets.NewRandom();
        var key = new ApiKeyRecord
        {
            Id = Guid.NewGuid(),
            UserId = userId,
            Name = name,
            Prefix = secret[..VisiblePrefixLength],
            SecretHash = Secrets.Hash(secret),
            Scopes = [.. scopes.Distinct()],
            ExpiresAt = expiresAt,
            CreatedAt = clock.GetUtcNow(),
        };
        await using var documents = store.LightweightSession();
        documents.Insert(key);
        await documents.SaveChangesAsync(ct);
        return new ApiKeyCreated(key.Id, key.Name, key.Prefix, secret, key.Scopes, key.ExpiresAt, key.CreatedAt);
    }

    public async Task<IReadOnlyList<ApiKeyInfo>> ListAsync(Guid userId, CancellationToken ct)
    {
        await using var documents = store.QuerySession();
        var keys = await documents.Query<ApiKeyRecord>()
            .Where(k => k.UserId == userId && k.RevokedAt == null)
            .OrderByDescending(k => k.CreatedAt)
            .ToListAsync(ct);
        return keys.Select(k => k.ToInfo()).ToList();
    }

    public async Task<ApiKeyRecord?> RevokeAsync(Guid userId, Guid keyId, CancellationToken ct)
    {
        await using var documents = store.LightweightSession();
        var key = await documents.LoadAsync<ApiKeyRecord>(keyId, ct);
        if (key is null || key.UserId != userId || key.RevokedAt is not null)
            return null;
        key.RevokedAt = clock.GetUtcNow();
        documents.Update(key);
        await documents.SaveChangesAsync(ct);
        return key;
    }

    /// <summary>The usable key <paramref name="secret"/> is, with its owner; null for anything else.</summary>
    public async Task<(ApiKeyRecord Key, UserAccount Owner)?> FindAsync(string secret, CancellationToken ct)
    {
        if (!secret.StartsWith(KeyStart, StringComparison.Ordinal) || secret.Length > 100)
            return null;
        var hash = Secrets.Hash(secret);
        await using var documents = store.LightweightSession();
        var key = await documents.Query<ApiKeyRecord>().FirstOrDefaultAsync(k => k.SecretHash == hash, ct);
        var now = clock.GetUtcNow();
        if (key is null || !key.IsUsable(now))
            return null;
        var owner = await documents.LoadAsync<UserAccount>(key.UserId, ct);
        if (owner is null)
            return null;

        if (key.LastUsedAt is null || now - key.LastUsedAt > LastUsedResolution)
        {
            key.LastUsedAt = now;
            documents.Update(key);
            await documents.SaveChangesAsync(ct);
        }
        return (key, owner);
    }
}
