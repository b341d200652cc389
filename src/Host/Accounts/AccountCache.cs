using Marten;
using Microsoft.Extensions.Caching.Memory;
using Platform.Hubs.Bus;
using Platform.Storage.Accounts;
using Platform.Storage.Organizations;
using StackExchange.Redis;

namespace Platform.Host.Accounts;

/// <summary>
/// What authentication needs on every request (a user's standing, an API key's record), read from PostgreSQL
/// once and kept briefly. A change made on any host evicts the entry on every host through Redis at once; the
/// short lifetime bounds staleness when Redis cannot be reached. Access that ends also closes, on every host, the
/// connections and streams opened with it: the eviction and the closing travel in one message, so a client that
/// reconnects at once is authenticated afresh.
/// </summary>
public sealed class AccountCache(IDocumentStore store, IMemoryCache memory, OpenAccess open, IServiceProvider services, IOptions<RedisNames> names,
    ILogger<AccountCache> logger) : IHostedService
{
    private static readonly TimeSpan Lifetime = TimeSpan.FromSeconds(30);
    private static readonly TimeSpan UnknownKeyLifetime = TimeSpan.FromSeconds(5);
    private readonly RedisChannel _changes = names.Value.Channel("accounts-changed");

    private ISubscriber? Subscriber => services.GetService<IConnectionMultiplexer>()?.GetSubscriber();

    public async Task<UserAccount?> UserAsync(Guid userId, CancellationToken ct) =>
        await memory.GetOrCreateAsync(UserKey(userId), async entry =>
        {
            entry.AbsoluteExpirationRelativeToNow = Lifetime;
            await using var documents = store.QuerySession();
            return await documents.LoadAsync<UserAccount>(userId, ct);
        });

    public async Task<ApiKeyRecord?> ApiKeyAsync(string secretHash, CancellationToken ct) =>
        await memory.GetOrCreateAsync(KeyKey(secretHash), async entry =>
        {
            await using var documents = store.QuerySession();
            var key = await documents.Query<ApiKeyRecord>().FirstOrDefaultAsync(k => k.SecretHash == secretHash, ct);
            entry.AbsoluteExpirationRelativeToNow = key is null ? UnknownKeyLifetime : Lifetime;
            return key;
        });

    /// <summary>An organization with its members, which every request acting for it checks.</summary>
    public async Task<OrganizationRecord?> OrganizationAsync(Guid organizationId, CancellationToken ct) =>
        await memory.GetOrCreateAsync(OrganizationKey(organizationId), async entry =>
        {
            entry.AbsoluteExpirationRelativeToNow = Lifetime;
            await using var documents = store.QuerySession();
            return await documents.LoadAsync<OrganizationRecord>(organizationId, ct);
        });

    /// <summary>Whether an owner of things, a user or an organization, is still enabled.</summary>
    public async Task<bool> OwnerStandsAsync(Guid ownerId, CancellationToken ct) =>
        await UserAsync(ownerId, ct) is { } user ? !user.Disabled : await OrganizationAsync(ownerId, ct) is { Disabled: false };

    /// <summary>A key by its id, read from PostgreSQL rather than kept: for checking again what was authenticated a moment ago.</summary>
    public async Task<ApiKeyRecord?> ApiKeyByIdAsync(Guid keyId, CancellationToken ct)
    {
        await using var documents = store.QuerySession();
        return await documents.LoadAsync<ApiKeyRecord>(keyId, ct);
    }

    /// <summary>The session an access token was issued for, while it can still be used; null once it has ended.</summary>
    public async Task<RefreshSession?> ActiveSessionAsync(Guid sessionId, DateTimeOffset now, CancellationToken ct)
    {
        var session = await memory.GetOrCreateAsync(SessionKey(sessionId), async entry =>
        {
            entry.AbsoluteExpirationRelativeToNow = Lifetime;
            await using var documents = store.QuerySession();
            return await documents.LoadAsync<RefreshSession>(sessionId, ct);
        });
        return session is not null && session.IsActive(now) ? session : null;
    }

    /// <summary>Call after ending a session: its access tokens stop working, and what they opened closes, on every host.</summary>
    public Task EndSessionAsync(Guid sessionId) => ForgetAsync(SessionKey(sessionId), EndedAccess.Session(sessionId));

    /// <summary>Call after changing what a user sees of themselves (profile, settings): every host reads them afresh.</summary>
    public Task ForgetUserAsync(Guid userId) => ForgetAsync(UserKey(userId));

    /// <summary>
    /// Call after changing a user's standing (disabled, role, password): every host reads them afresh and closes what
    /// they opened, whose claims are now stale.
    /// </summary>
    public Task EndUserAccessAsync(Guid userId) => ForgetAsync(UserKey(userId), EndedAccess.User(userId));

    /// <summary>Call after revoking a key: every host reads it afresh and closes what it opened.</summary>
    public Task EndApiKeyAsync(ApiKeyRecord key) => ForgetAsync(KeyKey(key.SecretHash), EndedAccess.ApiKey(key.Id));

    /// <summary>
    /// Call after changing an organization: every host reads it afresh, and what <paramref name="ended"/> covers (a
    /// member's access as the organization, or everyone's) closes on every host.
    /// </summary>
    public Task ForgetOrganizationAsync(Guid organizationId, EndedAccess? ended = null) => ForgetAsync(OrganizationKey(organizationId), ended);

    public async Task StartAsync(CancellationToken cancellationToken)
    {
        if (Subscriber is { } subscriber)
            (await RedisSubscriptions.SubscribeAsync(subscriber, _changes, waiting => logger.LogWarning("{Waiting}", waiting), cancellationToken))
                .OnMessage(message => Apply(message.Message.ToString()));
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    private async Task ForgetAsync(string entry, EndedAccess? ended = null)
    {
        var change = ended is null ? entry : $"{entry} {ended.Claim} {ended.Value}";
        Apply(change);
        if (Subscriber is not { } subscriber)
            return;
        try
        {
            await subscriber.PublishAsync(_changes, change);
        }
        catch (Exception e) when (e is RedisException or TimeoutException)
        {
            logger.LogWarning("Redis is unreachable ({Error}); other hosts see the change to {Entry} within {Lifetime}", e.Message, entry, Lifetime);
        }
    }

    // "{entry}" or "{entry} {claim} {value}": none of them holds a space.
    private void Apply(string change)
    {
        var parts = change.Split(' ');
        memory.Remove(parts[0]);
        if (parts is [_, var claim, var value])
            open.End(new EndedAccess(claim, value));
    }

    private static string UserKey(Guid userId) => $"user:{userId}";

    private static string SessionKey(Guid sessionId) => $"session:{sessionId}";

    private static string OrganizationKey(Guid organizationId) => $"organization:{organizationId}";

    private static string KeyKey(string secretHash) => $"api-key:{secretHash}";
}
