using Platform.Contracts.Jobs;
using Platform.Jobs.Model;

namespace Platform.Jobs.Live;

/// <summary>
/// One connection watching one job. Sends stored events in version order without gaps or repeats:
/// live events that arrive while stored ones are being read are held, and a live event that skips a
/// version triggers a read of the missing ones. Transient progress ticks pass through when current; those held during a
/// read go out in their place between stored events, and only those older than what was already sent are dropped.
/// Stored events are read a page at a time (<see cref="JobStore.EventPageSize"/>), and a page is sent before the next
/// is read.
/// </summary>
/// <param name="readStoredAfter">Reads up to a page of stored events after a version.</param>
public sealed class JobWatch(Func<JobEvent, Task> send, Func<long, Task<IReadOnlyList<JobEvent>>> readStoredAfter)
{
    private const int MaxFillRounds = 3;
    private readonly object _gate = new();
    private readonly List<JobEvent> _held = [];
    private long _lastSent;
    private bool _filling;
    private volatile bool _stopped;

    /// <summary>Sends every stored event after <paramref name="afterVersion"/>, then whatever arrived meanwhile.</summary>
    public Task ReplayAsync(long afterVersion)
    {
        lock (_gate)
        {
            _lastSent = afterVersion;
            _filling = true;
        }
        return FillAsync();
    }

    /// <summary>
    /// Starts live from the first event seen. Given <paramref name="since"/>, when the watcher began, the job's stored
    /// events from after that moment that come before <paramref name="first"/> are sent first: a job's events are
    /// published by whichever host stored them, so its first event can be overtaken by a later one from another host.
    /// </summary>
    public void StartLiveFrom(JobEvent first, DateTimeOffset? since = null)
    {
        long before;
        lock (_gate)
        {
            before = _lastSent = first.Transient ? first.Version : first.Version - 1;
            if (since is null || before == 0)
                return;
            _filling = true;
        }
        _ = CatchUpAsync(before, since.Value);
    }

    // An overtaken event comes just before the first one seen, so the page of versions just before it is read: from
    // the last one stored before the watcher began, what follows is sent; if all of them are newer, the whole page is.
    private async Task CatchUpAsync(long before, DateTimeOffset since)
    {
        var pageStart = Math.Max(0, before - JobStore.EventPageSize);
        var precedingFirst = (await ReadSafelyAsync(pageStart)).Where(e => e.Version <= before);
        var lastBeforeWatcher = precedingFirst.Where(e => e.At < since).Select(e => e.Version).DefaultIfEmpty(pageStart).Max();
        lock (_gate)
            _lastSent = lastBeforeWatcher;
        await FillAsync();
    }

    /// <summary>Reads what storage has beyond the last event sent, e.g. after live events may have been missed.</summary>
    public void Resync()
    {
        lock (_gate)
        {
            if (_filling)
                return;
            _filling = true;
        }
        _ = FillAsync();
    }

    /// <summary>The watcher left: a replay under way reads no further pages.</summary>
    public void Stop() => _stopped = true;

    public void Offer(JobEvent live)
    {
        lock (_gate)
        {
            if (_filling)
            {
                _held.Add(live);
                return;
            }
            if (TrySend(live) is not null)
                return;
            if (live.Version <= _lastSent)
                return;
            _held.Add(live);
            _filling = true;
        }
        _ = FillAsync();
    }

    // Under _gate. Sends what follows directly on what was sent; null when it is stale or leaves a gap.
    private Task? TrySend(JobEvent next)
    {
        var follows = next.Transient ? next.Version == _lastSent : next.Version == _lastSent + 1;
        if (!follows)
            return null;
        _lastSent = next.Version;
        return SendSafelyAsync(next);
    }

    private async Task FillAsync()
    {
        for (var round = 1; ; round++)
        {
            await SendStoredAsync();
            lock (_gate)
            {
                _held.Sort((a, b) => a.Version != b.Version ? a.Version.CompareTo(b.Version) : a.Transient.CompareTo(b.Transient));
                _held.RemoveAll(held => TrySend(held) is not null || held.Version < _lastSent || (!held.Transient && held.Version == _lastSent));
                if (_held.Count == 0 || round == MaxFillRounds)
                {
                    // After a few rounds a gap that storage cannot fill is not worth stalling the watcher for.
                    foreach (var held in _held.Where(h => h.Version > _lastSent))
                    {
                        _lastSent = held.Version;
                        _ = SendSafelyAsync(held);
                    }
                    _held.Clear();
                    _filling = false;
                    return;
                }
            }
        }
    }

    // Sends what storage holds after the last event sent, page by page: each page is out before the next is read.
    private async Task SendStoredAsync()
    {
        IReadOnlyList<JobEvent> page;
        do
        {
            long from;
            lock (_gate)
                from = _lastSent;
            page = await ReadSafelyAsync(from);
            var sends = new List<Task>(page.Count);
            lock (_gate)
                foreach (var next in page)
                {
                    SendHeldTicks(sends);
                    if (TrySend(next) is { } sent)
                        sends.Add(sent);
                }
            await Task.WhenAll(sends);
        }
        while (page.Count == JobStore.EventPageSize && !_stopped);
    }

    // Under _gate. Ticks that arrived while storage was read go out between the stored events they came between, so
    // that a watcher which had to catch up misses no tick it would have seen live.
    private void SendHeldTicks(List<Task> sends)
    {
        foreach (var tick in _held.Where(e => e.Transient && e.Version == _lastSent).ToList())
        {
            _held.Remove(tick);
            sends.Add(TrySend(tick)!);
        }
    }

    private async Task<IReadOnlyList<JobEvent>> ReadSafelyAsync(long afterVersion)
    {
        try
        {
            return await readStoredAfter(afterVersion);
        }
        catch (Exception)
        {
            return [];
        }
    }

    private async Task SendSafelyAsync(JobEvent jobEvent)
    {
        try
        {
            await send(jobEvent);
        }
        catch (Exception)
        {
            // The connection went away; its watches are removed on disconnect.
        }
    }
}
