using System.Collections.Concurrent;
using System.Runtime.CompilerServices;
using Microsoft.AspNetCore.SignalR;
using Microsoft.AspNetCore.SignalR.Protocol;
using Microsoft.Extensions.Options;
using Platform.Contracts.Hubs;
using Platform.Contracts.Jobs;
using Platform.Jobs.Live;
using Platform.Jobs.Model;

namespace Platform.Hubs.Watching;

/// <summary>Which connections on this host watch which jobs; routes each job event to them and to the <see cref="LiveJobFeed"/>.</summary>
public sealed class JobWatchers(HubConnections hub, JobStore store, LiveJobFeed feed, IOptions<HubLimits> limits, TimeProvider clock) : IConnectionState
{
    // One event dispatched to many watchers is serialized once, as a group send would.
    private readonly ConditionalWeakTable<JobEvent, SerializedHubMessage> _serialized = new();

    private readonly ConcurrentDictionary<string, ConnectionWatches> _connections = new();
    private readonly ConcurrentDictionary<Guid, ConcurrentDictionary<string, ConnectionWatches>> _byJob = new();
    private readonly ConcurrentDictionary<string, ConcurrentDictionary<string, ConnectionWatches>> _byOwner = new();

    public Task WatchJobAsync(string connectionId, string ownerId, Guid jobId, long afterVersion)
    {
        var connection = ConnectionOf(connectionId, ownerId);
        if (!connection.TrySubscribe(jobId, MaxSubscriptions))
            throw TooManySubscriptions();
        var watch = NewWatch(connectionId, jobId);
        connection.Jobs[jobId] = watch;
        _byJob.GetOrAdd(jobId, _ => new()).TryAdd(connectionId, connection);
        return watch.ReplayAsync(afterVersion);
    }

    public void UnwatchJob(string connectionId, Guid jobId)
    {
        if (_byJob.TryGetValue(jobId, out var watchers))
            watchers.TryRemove(connectionId, out _);
        if (!_connections.TryGetValue(connectionId, out var connection))
            return;
        connection.Unsubscribe(jobId);
        if (!connection.AllMine && connection.Jobs.TryRemove(jobId, out var watch))
            watch.Stop();
    }

    public void WatchAllMine(string connectionId, string ownerId)
    {
        var connection = ConnectionOf(connectionId, ownerId);
        if (!connection.TrySubscribeAllMine(MaxSubscriptions, clock.GetUtcNow()))
            throw TooManySubscriptions();
        _byOwner.GetOrAdd(ownerId, _ => new()).TryAdd(connectionId, connection);
    }

    public void UnwatchAllMine(string connectionId)
    {
        if (!_connections.TryGetValue(connectionId, out var connection))
            return;
        connection.UnsubscribeAllMine();
        if (_byOwner.TryGetValue(connection.OwnerId, out var watchers))
            watchers.TryRemove(connectionId, out _);
    }

    public Task ForgetAsync(string connectionId)
    {
        if (!_connections.TryRemove(connectionId, out var connection))
            return Task.CompletedTask;
        foreach (var (jobId, watch) in connection.Jobs)
        {
            watch.Stop();
            if (_byJob.TryGetValue(jobId, out var watchers))
                watchers.TryRemove(connectionId, out _);
        }
        if (_byOwner.TryGetValue(connection.OwnerId, out var owned))
            owned.TryRemove(connectionId, out _);
        return Task.CompletedTask;
    }

    /// <summary>Hands a job event to every local connection that watches the job or all of its owner's jobs, and to HTTP watchers.</summary>
    public void Dispatch(JobEvent jobEvent, string ownerId)
    {
        feed.Dispatch(jobEvent);

        if (_byJob.TryGetValue(jobEvent.JobId, out var watchers))
            foreach (var connection in watchers.Values)
                if (connection.Jobs.TryGetValue(jobEvent.JobId, out var watch))
                    watch.Offer(jobEvent);

        if (_byOwner.TryGetValue(ownerId, out var owners))
            foreach (var connection in owners.Values)
            {
                if (watchers?.ContainsKey(connection.ConnectionId) == true)
                    continue;
                var watch = connection.Jobs.GetOrAdd(jobEvent.JobId, jobId =>
                {
                    var started = NewWatch(connection.ConnectionId, jobId);
                    started.StartLiveFrom(jobEvent, connection.AllMineSince);
                    return started;
                });
                watch.Offer(jobEvent);
            }
    }

    /// <summary>
    /// After live events may have been lost (Redis was unreachable), every watch on this host reads the events
    /// stored meanwhile, so each watcher still gets every stored event, in order.
    /// </summary>
    public void ResyncAll()
    {
        foreach (var connection in _connections.Values)
            foreach (var watch in connection.Jobs.Values)
                watch.Resync();
        feed.ResyncAll();
    }

    private int MaxSubscriptions => limits.Value.MaxSubscriptionsPerConnection;

    private HubException TooManySubscriptions() =>
        new($"At most {MaxSubscriptions} job subscriptions per connection (Hubs:{nameof(HubLimits.MaxSubscriptionsPerConnection)}).");

    private ConnectionWatches ConnectionOf(string connectionId, string ownerId) =>
        _connections.GetOrAdd(connectionId, id => new ConnectionWatches(id, ownerId));

    private JobWatch NewWatch(string connectionId, Guid jobId) => new(
        jobEvent => Send(connectionId, jobEvent),
        afterVersion => store.ReadEventsAsync(jobId, afterVersion, JobStore.EventPageSize, CancellationToken.None));

    // A live tick may be replaced by a newer one before a slow connection takes it, so nothing waits for it to be written.
    private Task Send(string connectionId, JobEvent jobEvent)
    {
        if (!jobEvent.Transient)
            return hub.WriteAsync(connectionId, jobEvent.JobId, Serialized(jobEvent));
        hub.WriteLatest(connectionId, jobEvent.JobId, Serialized(jobEvent));
        return Task.CompletedTask;
    }

    // Live ticks go out in their slim form; stored events whole.
    private SerializedHubMessage Serialized(JobEvent jobEvent) =>
        _serialized.GetValue(jobEvent, e => new SerializedHubMessage(e.Transient
            ? new InvocationMessage(nameof(IJobsClient.JobTicked), [JobTick.From(e)])
            : new InvocationMessage(nameof(IJobsClient.JobEvent), [e])));

    private sealed class ConnectionWatches(string connectionId, string ownerId)
    {
        public string ConnectionId { get; } = connectionId;
        public string OwnerId { get; } = ownerId;
        public ConcurrentDictionary<Guid, JobWatch> Jobs { get; } = new();
        public volatile bool AllMine;

        /// <summary>When the connection began to watch all of its owner's jobs.</summary>
        public DateTimeOffset? AllMineSince { get; private set; }

        // What the connection asked to watch, each one subscription: single jobs, and all of its owner's jobs as one.
        private readonly HashSet<Guid> _subscribed = [];

        public bool TrySubscribe(Guid jobId, int max)
        {
            lock (_subscribed)
            {
                if (!_subscribed.Contains(jobId) && Subscriptions >= max)
                    return false;
                _subscribed.Add(jobId);
                return true;
            }
        }

        public void Unsubscribe(Guid jobId)
        {
            lock (_subscribed)
                _subscribed.Remove(jobId);
        }

        public bool TrySubscribeAllMine(int max, DateTimeOffset now)
        {
            lock (_subscribed)
            {
                if (!AllMine && Subscriptions >= max)
                    return false;
                if (!AllMine)
                    AllMineSince = now;
                AllMine = true;
                return true;
            }
        }

        public void UnsubscribeAllMine()
        {
            lock (_subscribed)
                AllMine = false;
        }

        private int Subscriptions => _subscribed.Count + (AllMine ? 1 : 0);
    }
}
