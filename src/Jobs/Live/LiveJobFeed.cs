using System.Collections.Concurrent;
using System.Threading.Channels;
using Platform.Contracts.Jobs;
using Platform.Jobs.Model;

namespace Platform.Jobs.Live;

/// <summary>
/// Watchers of one job on this host that are not hub connections (SSE streams, long-polls). Each gets the job's
/// events in order, with replay and gap-fill, through a bounded channel of its own. The hubs' bus hands it every job
/// event this host receives, whichever host published it, as it does to hub connections.
/// </summary>
public sealed class LiveJobFeed(JobStore store)
{
    /// <summary>How many events a watcher's channel holds; a page of stored events more may wait for room before it is cut off.</summary>
    public const int Capacity = 500;

    private readonly Lock _gate = new();
    // Copied on write under _gate, so a dispatch reads a watcher list without locking.
    private readonly ConcurrentDictionary<Guid, JobFeedSubscription[]> _byJob = new();

    /// <summary>Starts watching a job: stored events after <paramref name="afterVersion"/> first, then live ones. Dispose to stop.</summary>
    public JobFeedSubscription Subscribe(Guid jobId, long afterVersion)
    {
        var subscription = new JobFeedSubscription(this, jobId, store);
        lock (_gate)
            _byJob[jobId] = _byJob.TryGetValue(jobId, out var others) ? [.. others, subscription] : [subscription];
        _ = subscription.Watch.ReplayAsync(afterVersion);
        return subscription;
    }

    /// <summary>How many watchers of the job this host has now.</summary>
    public int WatcherCount(Guid jobId) => _byJob.TryGetValue(jobId, out var watchers) ? watchers.Length : 0;

    /// <summary>Hands a job event to every watcher of its job on this host.</summary>
    public void Dispatch(JobEvent jobEvent)
    {
        if (_byJob.TryGetValue(jobEvent.JobId, out var watchers))
            foreach (var watcher in watchers)
                watcher.Watch.Offer(jobEvent);
    }

    /// <summary>Has every watcher read what storage holds beyond what it was sent.</summary>
    public void ResyncAll()
    {
        foreach (var watchers in _byJob.Values)
            foreach (var watcher in watchers)
                watcher.Watch.Resync();
    }

    internal void Remove(JobFeedSubscription subscription)
    {
        lock (_gate)
        {
            if (!_byJob.TryGetValue(subscription.JobId, out var watchers))
                return;
            var rest = Array.FindAll(watchers, w => w != subscription);
            if (rest.Length == 0)
                _byJob.TryRemove(subscription.JobId, out _);
            else
                _byJob[subscription.JobId] = rest;
        }
    }
}

/// <summary>One watcher of one job. Its events are read from <see cref="Events"/>; disposing it stops the watch.</summary>
public sealed class JobFeedSubscription : IDisposable
{
    private readonly LiveJobFeed _feed;
    private volatile bool _fellBehind;
    private int _waitingForRoom;
    private readonly Channel<JobEvent> _events = Channel.CreateBounded<JobEvent>(new BoundedChannelOptions(LiveJobFeed.Capacity)
    {
        SingleReader = true,
        FullMode = BoundedChannelFullMode.Wait,
    });

    internal JobFeedSubscription(LiveJobFeed feed, Guid jobId, JobStore store)
    {
        (_feed, JobId) = (feed, jobId);
        Watch = new JobWatch(Send, afterVersion => store.ReadEventsAsync(jobId, afterVersion, JobStore.EventPageSize, CancellationToken.None));
    }

    public Guid JobId { get; }

    /// <summary>Stored events in version order, without gaps or repeats, and current progress ticks. Completes once the watcher fell behind.</summary>
    public ChannelReader<JobEvent> Events => _events.Reader;

    /// <summary>True when the reader fell so far behind that a stored event could not be queued: the watch ended there.</summary>
    public bool FellBehind => _fellBehind;

    internal JobWatch Watch { get; }

    public void Dispose()
    {
        Watch.Stop();
        _feed.Remove(this);
        _events.Writer.TryComplete();
    }

    // JobWatch calls this in version order under its lock. A write that must wait queues behind earlier waiting
    // ones, and nothing is written at once while any waits, so the order holds.
    private Task Send(JobEvent jobEvent)
    {
        if (_events.Writer.TryWrite(jobEvent) || jobEvent.Transient)
            return Task.CompletedTask;
        // A replayed page waits for the reader to make room; a reader behind by more than that has fallen behind.
        if (Interlocked.Increment(ref _waitingForRoom) <= JobStore.EventPageSize)
            return WaitForRoomAsync(jobEvent);
        Interlocked.Decrement(ref _waitingForRoom);
        // A progress tick can be skipped; a stored event cannot, so the reader must resume from storage instead.
        _fellBehind = true;
        _events.Writer.TryComplete();
        _feed.Remove(this);
        return Task.CompletedTask;
    }

    private async Task WaitForRoomAsync(JobEvent jobEvent)
    {
        try
        {
            await _events.Writer.WriteAsync(jobEvent);
        }
        catch (ChannelClosedException)
        {
            // The watcher left or fell behind meanwhile.
        }
        finally
        {
            Interlocked.Decrement(ref _waitingForRoom);
        }
    }
}
