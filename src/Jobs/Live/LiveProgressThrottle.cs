using System.Collections.Concurrent;
using Platform.Contracts.Jobs;

namespace Platform.Jobs.Live;

/// <summary>
/// Sends a job's events to the bus with its live progress ticks thinned out to at most
/// <see cref="JobsOptions.LiveProgressPerSecond"/>: a tick that comes before its turn is held, a newer one replaces it,
/// and it goes out when the turn comes. Stored events are never held or dropped. A held tick goes out before the
/// job's next stored event, or is dropped when that event is stored progress, which supersedes it; either way
/// watchers see versions in order.
/// </summary>
public sealed class LiveProgressThrottle(IJobEventPublisher publisher, JobsOptions options, TimeProvider clock) : IDisposable
{
    private readonly ConcurrentDictionary<Guid, JobTicks> _jobs = new();

    private TimeSpan Turn => options.LiveProgressPerSecond > 0 ? TimeSpan.FromSeconds(1.0 / options.LiveProgressPerSecond) : TimeSpan.Zero;

    public ValueTask PublishAsync(JobEvent jobEvent, string ownerId) =>
        jobEvent.Transient ? OfferTickAsync(jobEvent, ownerId) : PublishStoredAsync(jobEvent, ownerId);

    public void Dispose()
    {
        foreach (var ticks in _jobs.Values)
            lock (ticks.Gate)
                ticks.Close();
        _jobs.Clear();
    }

    /// <summary>
    /// Stored events committed together, sent as one: each job's held tick goes just before its event, as
    /// <see cref="PublishAsync"/> would send it. For jobs that tick no more, as those starting or ending.
    /// </summary>
    public ValueTask PublishStoredAsync(IReadOnlyList<OwnedJobEvent> stored)
    {
        var events = new List<OwnedJobEvent>(stored.Count);
        foreach (var owned in stored)
        {
            if (_jobs.TryGetValue(owned.Event.JobId, out var ticks))
                lock (ticks.Gate)
                    if (ticks.TakeHeldBefore(owned.Event) is { } waiting)
                        events.Add(new OwnedJobEvent(waiting.Tick, waiting.OwnerId));
            events.Add(owned);
        }
        return publisher.PublishAsync(events);
    }

    private ValueTask OfferTickAsync(JobEvent tick, string ownerId)
    {
        if (Turn == TimeSpan.Zero)
            return publisher.PublishAsync(tick, ownerId);
        while (true)
        {
            var ticks = _jobs.GetOrAdd(tick.JobId, _ => new JobTicks());
            lock (ticks.Gate)
            {
                // A job idle for a whole turn lost its entry; take a fresh one.
                if (ticks.Closed)
                    continue;
                if (ticks.Timer is not null)
                {
                    ticks.Held = (tick, ownerId);
                    return ValueTask.CompletedTask;
                }
                ticks.Timer = clock.CreateTimer(_ => NextTurn(tick.JobId, ticks), null, Turn, Timeout.InfiniteTimeSpan);
                // Started under the gate, so it reaches the bus before anything this job publishes after it.
                return publisher.PublishAsync(tick, ownerId);
            }
        }
    }

    private async ValueTask PublishStoredAsync(JobEvent stored, string ownerId)
    {
        if (!_jobs.TryGetValue(stored.JobId, out var ticks))
        {
            await publisher.PublishAsync(stored, ownerId);
            return;
        }
        ValueTask held = default, publish;
        lock (ticks.Gate)
        {
            if (ticks.TakeHeldBefore(stored) is { } waiting)
                held = publisher.PublishAsync(waiting.Tick, waiting.OwnerId);
            publish = publisher.PublishAsync(stored, ownerId);
        }
        await held;
        await publish;
    }

    private void NextTurn(Guid jobId, JobTicks ticks)
    {
        lock (ticks.Gate)
        {
            if (ticks.Closed)
                return;
            if (ticks.Held is { } waiting)
            {
                ticks.Held = null;
                ticks.Timer!.Change(Turn, Timeout.InfiniteTimeSpan);
                _ = publisher.PublishAsync(waiting.Tick, waiting.OwnerId).AsTask();
                return;
            }
            ticks.Close();
            _jobs.TryRemove(new KeyValuePair<Guid, JobTicks>(jobId, ticks));
        }
    }

    // One job's turn: a tick went out less than a turn ago while Timer is set; Held waits for the turn's end.
    private sealed class JobTicks
    {
        public readonly Lock Gate = new();
        public ITimer? Timer;
        public (JobEvent Tick, string OwnerId)? Held;
        public bool Closed;

        /// <summary>Under Gate: the held tick to send just before <paramref name="stored"/>, unless stored progress supersedes it; none is held after.</summary>
        public (JobEvent Tick, string OwnerId)? TakeHeldBefore(JobEvent stored)
        {
            var held = Held;
            Held = null;
            return stored.Kind == JobEventKind.Progressed ? null : held;
        }

        public void Close()
        {
            Closed = true;
            Timer?.Dispose();
            Timer = null;
            Held = null;
        }
    }
}
