using System.Text.Json;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Platform.Contracts;
using Platform.Hubs.Rooms;
using Platform.Jobs.Rooms;
using StackExchange.Redis;

namespace Platform.Hubs.Bus;

/// <summary>
/// Carries room events between hosts over Redis pub/sub. Without Redis an event still reaches this host's watchers;
/// the other hosts' watchers see the gap with the next message that does arrive, and read what they missed from
/// PostgreSQL (and all of them catch up once Redis is back).
/// </summary>
public sealed class RedisRoomBus(IConnectionMultiplexer redis, IOptions<RedisNames> names, RoomWatchers watchers, ILogger<RedisRoomBus> logger)
    : IRoomEventPublisher, IHostedService
{
    private readonly RedisChannel _channel = names.Value.Channel("room-events");

    public async Task StartAsync(CancellationToken cancellationToken)
    {
        redis.ConnectionRestored += (_, restored) =>
        {
            if (restored.ConnectionType == ConnectionType.Subscription)
                watchers.ResyncAll();
        };
        var queue = await RedisSubscriptions.SubscribeAsync(redis.GetSubscriber(), _channel, waiting => logger.LogWarning("{Waiting}", waiting),
            cancellationToken);
        queue.OnMessage(message => Deliver(message.Message));
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public async ValueTask PublishAsync(RoomEvent roomEvent)
    {
        try
        {
            await redis.GetSubscriber().PublishAsync(_channel, JsonSerializer.SerializeToUtf8Bytes(roomEvent, PlatformJson.Options));
        }
        catch (Exception e) when (e is RedisException or TimeoutException)
        {
            logger.LogWarning("Redis is unreachable ({Error}); room {RoomId}'s event reaches this host's watchers now and the others' from storage",
                e.Message, roomEvent.RoomId);
            watchers.Dispatch(roomEvent);
        }
    }

    private void Deliver(RedisValue message)
    {
        try
        {
            if (JsonSerializer.Deserialize<RoomEvent>((byte[])message!, PlatformJson.Options) is { } roomEvent)
                watchers.Dispatch(roomEvent);
        }
        catch (JsonException e)
        {
            logger.LogWarning(e, "Ignored a malformed room event from Redis");
        }
    }
}
