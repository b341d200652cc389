using System.Collections.Concurrent;
using Platform.Storage.Queue;

namespace Platform.Jobs.Remote;

/// <summary>
/// The worker claims waiting on this host for a job. A queued job wakes only the claims that could take it: those
/// naming its type and, for a private worker, of its owner's key; a notice that names no job wakes them all.
/// </summary>
public sealed class WaitingClaims
{
    private readonly ConcurrentDictionary<Waiting, byte> _waiting = new();
    private long _woken;

    /// <summary>How many waits a queued job has ended on this host since it started.</summary>
    public long Woken => Interlocked.Read(ref _woken);

    /// <summary>How many claims wait on this host now.</summary>
    public int Count => _waiting.Count;

    /// <summary>A claim for <paramref name="types"/> of <paramref name="onlyOwner"/>'s jobs (everyone's when null) waits until disposed.</summary>
    public Waiting Add(IReadOnlyCollection<string> types, string? onlyOwner)
    {
        var waiting = new Waiting(types.ToHashSet(StringComparer.Ordinal), onlyOwner, this);
        _waiting[waiting] = 0;
        return waiting;
    }

    public void Queued(QueueNotice notice)
    {
        foreach (var waiting in _waiting.Keys)
            if (waiting.Wants(notice) && waiting.Wake())
                Interlocked.Increment(ref _woken);
    }

    public sealed class Waiting(HashSet<string> types, string? onlyOwner, WaitingClaims claims) : IDisposable
    {
        private TaskCompletionSource _woken = NewSignal();

        /// <summary>Completes on the next wake; taken before each look at the queue, so a job queued meanwhile is not missed.</summary>
        public Task Next()
        {
            var current = Volatile.Read(ref _woken);
            if (!current.Task.IsCompleted)
                return current.Task;
            var next = NewSignal();
            return Interlocked.CompareExchange(ref _woken, next, current) == current ? next.Task : Volatile.Read(ref _woken).Task;
        }

        internal bool Wants(QueueNotice notice) =>
            notice.Type is null || (types.Contains(notice.Type) && (onlyOwner is null || onlyOwner == notice.OwnerId));

        internal bool Wake() => Volatile.Read(ref _woken).TrySetResult();

        public void Dispose() => claims._waiting.TryRemove(this, out _);

        private static TaskCompletionSource NewSignal() => new(TaskCreationOptions.RunContinuationsAsynchronously);
    }
}
