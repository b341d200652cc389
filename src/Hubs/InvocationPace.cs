namespace Platform.Hubs;

/// <summary>
/// How fast one connection's hub calls are taken: a burst at once, then one per interval. It is a token bucket kept
/// as the time the next call is due, so a quiet connection costs neither a timer nor any work.
/// </summary>
public sealed class InvocationPace(int perSecond, int burst)
{
    private readonly TimeSpan _interval = TimeSpan.FromSeconds(1.0 / perSecond);
    private readonly Lock _lock = new();
    private DateTimeOffset _due = DateTimeOffset.MinValue;

    /// <summary>Takes a call arriving at <paramref name="now"/>; answers how long it waits before it runs.</summary>
    public TimeSpan Take(DateTimeOffset now)
    {
        lock (_lock)
        {
            var due = _due > now ? _due : now;
            _due = due + _interval;
            var wait = due - (burst - 1) * _interval - now;
            return wait > TimeSpan.Zero ? wait : TimeSpan.Zero;
        }
    }
}
