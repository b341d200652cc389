using Marten;
using Microsoft.Extensions.Caching.Memory;
using Microsoft.Extensions.Options;
using Platform.Hubs.Bus;
using Platform.Storage.Accounts;
using StackExchange.Redis;

namespace Platform.Host.Accounts;

/// <summary>
/// What authentication needs on every request (a user's standing, an API key's record), read from PostgreSQL
/// once and kept briefly. A change made on any host evicts the entry on every host through Redis at once; the
/// short lifetime bounds staleness when Redis cannot be reached.
/// </summary>
public sealed class AccountCache(IDocumentStore store, IMemoryCache memory, IServiceProvider services, IOptions<RedisNames> names,
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

    /// <summary>Call after ending sessions: their access tokens stop working on every host.</summary>
    public Task ForgetSessionAsync(Guid sessionId) => ForgetAsync(SessionKey(sessionId));

    /// <summary>Call after changing a user (disabled, role, password): every host reads them afresh.</summary>
    public Task ForgetUserAsync(Guid userId) => ForgetAsync(UserKey(userId));

    /// <summary>Call after revoking a key: every host reads it afresh.</summary>
    public Task ForgetApiKeyAsync(string secretHash) => ForgetAsync(KeyKey(secretHash));

    public async Task StartAsync(CancellationToken cancellationToken)
    {
        if (Subscriber is { } subscriber)
            (await RedisSubscriptions.SubscribeAsync(subscriber, _changes, waiting => logger.LogWarning("{Waiting}", waiting), cancellationToken))
                .OnMessage(message => memory.Remove(message.Message.ToString()));
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    private async Task ForgetAsync(string entry)
    {
        memory.Remove(entry);
        if (Subscriber is not { } subscriber)
            return;
        try
        {
            await subscriber.PublishAsync(_changes, entry);
        }
        catch (Exception e) when (e is RedisException or TimeoutException)
        {
            logger.LogWarning("Redis is unreachable ({Error}); other hosts see the change to {Entry} within {Lifetime}", e.Message, entry, Lifetime);
        }
    }

    private static string UserKey(Guid userId) => $"user:{userId}";

    private static string SessionKey(Guid sessionId) => $"session:{sessionId}";

    private static string KeyKey(string secretHash) => $"api-key:{secretHash}";
}
