using StackExchange.Redis;

namespace Platform.Hubs.Bus;

/// <summary>
/// Subscriptions made once, at start, that must not be lost. The platform's Redis connections fail commands at once
/// while they cannot reach the server (see <see cref="HubsExtensions"/>), and a connection just made may still be
/// setting up its subscriber side, so a subscription asked for too early is refused; these ask again until Redis takes it.
/// </summary>
public static class RedisSubscriptions
{
    private static readonly TimeSpan Retry = TimeSpan.FromMilliseconds(250);

    /// <summary>Subscribes to <paramref name="channel"/>, waiting as long as Redis refuses; <paramref name="waiting"/> hears the first refusal.</summary>
    public static async Task<ChannelMessageQueue> SubscribeAsync(ISubscriber subscriber, RedisChannel channel, Action<string> waiting,
        CancellationToken ct)
    {
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                return await subscriber.SubscribeAsync(channel);
            }
            catch (Exception e) when (e is RedisException or TimeoutException)
            {
                if (attempt == 1)
                    waiting($"Waiting for Redis to take a subscription to {channel}: {e.Message}");
                await Task.Delay(Retry, ct);
            }
        }
    }

    /// <summary>
    /// A connection whose subscriber side works. The hub's backplane subscribes to its channels once, with the first
    /// connection it is given, and never again if that fails: the host would not hear any broadcast until it restarts.
    /// </summary>
    public static async Task<IConnectionMultiplexer> ConnectAsync(ConfigurationOptions configuration, TextWriter log)
    {
        var redis = await ConnectionMultiplexer.ConnectAsync(configuration, log);
        var subscriber = redis.GetSubscriber();
        var probe = RedisChannel.Literal($"subscriber-ready-{Guid.NewGuid():N}");
        await (await SubscribeAsync(subscriber, probe, log.WriteLine, CancellationToken.None)).UnsubscribeAsync();
        return redis;
    }
}
