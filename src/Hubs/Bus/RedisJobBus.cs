using System.Collections.Concurrent;
using System.Text.Json;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Platform.Contracts;
using Platform.Contracts.Jobs;
using Platform.Hubs.Watching;
using Platform.Jobs;
using Platform.Jobs.Running;
using StackExchange.Redis;

namespace Platform.Hubs.Bus;

/// <summary>
/// Carries job events and cancel signals between hosts over Redis pub/sub. Each host consumes the event
/// channel in order and hands events to its own watchers. When this host cannot reach Redis, its events still reach
/// its own watchers at once and the other hosts' once it can again; stored events remain readable from PostgreSQL.
/// </summary>
public sealed class RedisJobBus(IConnectionMultiplexer redis, IOptions<RedisNames> names, JobWatchers watchers, RunningJobs running,
    ILogger<RedisJobBus> logger) : IJobEventPublisher, IJobCancelSignal, IHostedService
{
    private readonly RedisChannel _eventsChannel = names.Value.Channel("job-events");
    private readonly RedisChannel _cancelChannel = names.Value.Channel("job-cancel");

    // The newest stored event of each job whose events other hosts may have missed while this host could not reach
    // Redis. Sent again once it can, their watchers see the gap and read what they missed from storage.
    private readonly ConcurrentDictionary<Guid, OwnedJobEvent> _missedByOthers = new();

    public async Task StartAsync(CancellationToken cancellationToken)
    {
        redis.ConnectionRestored += (_, restored) =>
        {
            if (restored.ConnectionType == ConnectionType.Interactive)
            {
                _ = PublishMissedAsync();
                return;
            }
            logger.LogInformation("Redis is back; watchers on this host catch up from storage");
            watchers.ResyncAll();
        };
        var subscriber = redis.GetSubscriber();
        (await SubscribeAsync(subscriber, _eventsChannel, cancellationToken)).OnMessage(message => Deliver(message.Message));
        (await SubscribeAsync(subscriber, _cancelChannel, cancellationToken)).OnMessage(message =>
        {
            if (Guid.TryParse(message.Message.ToString(), out var jobId))
                running.TryCancel(jobId);
        });
    }

    private Task<ChannelMessageQueue> SubscribeAsync(ISubscriber subscriber, RedisChannel channel, CancellationToken ct) =>
        RedisSubscriptions.SubscribeAsync(subscriber, channel, waiting => logger.LogWarning("{Waiting}", waiting), ct);

    public async Task StopAsync(CancellationToken cancellationToken)
    {
        try
        {
            await redis.GetSubscriber().UnsubscribeAllAsync();
        }
        catch (Exception e) when (e is RedisException or TimeoutException)
        {
            // The connection closes with the host anyway: a shutdown must not fail because Redis is out of reach.
        }
    }

    public ValueTask PublishAsync(JobEvent jobEvent, string ownerId) => PublishAsync([new OwnedJobEvent(jobEvent, ownerId)]);

    public async ValueTask PublishAsync(IReadOnlyList<OwnedJobEvent> events)
    {
        if (events.Count == 0)
            return;
        if (!await TryPublishAsync(events))
        {
            logger.LogWarning("Redis is unreachable; {Count} events of job {JobId} and others reach this host's watchers now and the others' once it is back",
                events.Count, events[0].Event.JobId);
            foreach (var owned in events)
            {
                watchers.Dispatch(owned.Event, owned.OwnerId);
                if (!owned.Event.Transient)
                    _missedByOthers.AddOrUpdate(owned.Event.JobId, owned, (_, held) => held.Event.Version >= owned.Event.Version ? held : owned);
            }
            return;
        }
        if (!_missedByOthers.IsEmpty)
            await PublishMissedAsync();
    }

    private async Task PublishMissedAsync()
    {
        foreach (var missed in _missedByOthers)
        {
            if (!await TryPublishAsync([missed.Value]))
                return;
            _missedByOthers.TryRemove(missed);
        }
    }

    // One message for the whole list: a commit's events cost one Redis command and one delivery to each host.
    private async Task<bool> TryPublishAsync(IReadOnlyList<OwnedJobEvent> events)
    {
        try
        {
            await redis.GetSubscriber().PublishAsync(_eventsChannel, JsonSerializer.SerializeToUtf8Bytes(events, PlatformJson.Options));
            return true;
        }
        catch (Exception e) when (e is RedisException or TimeoutException)
        {
            return false;
        }
    }

    public async ValueTask SignalAsync(Guid jobId)
    {
        if (running.TryCancel(jobId))
            return;
        try
        {
            await redis.GetSubscriber().PublishAsync(_cancelChannel, jobId.ToString());
        }
        catch (Exception e) when (e is RedisException or TimeoutException)
        {
            // The running job also re-reads its state every second and sees the cancel request there.
            logger.LogWarning("Redis is unreachable ({Error}); job {JobId} will see its cancel request in storage", e.Message, jobId);
        }
    }

    private void Deliver(RedisValue message)
    {
        try
        {
            foreach (var owned in JsonSerializer.Deserialize<List<OwnedJobEvent>>((byte[])message!, PlatformJson.Options) ?? [])
                watchers.Dispatch(owned.Event, owned.OwnerId);
        }
        catch (JsonException e)
        {
            logger.LogWarning(e, "Ignored a malformed job event from Redis");
        }
    }
}
