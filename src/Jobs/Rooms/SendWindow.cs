namespace Platform.Jobs.Rooms;

/// <summary>A sliding window of one second: a burst up to the limit, then one more as each send ages out.</summary>
public sealed class SendWindow
{
    private static readonly TimeSpan Width = TimeSpan.FromSeconds(1);

    private readonly Queue<DateTimeOffset> _recent = new();

    /// <summary>Takes a send at <paramref name="now"/> unless <paramref name="perSecond"/> were taken within the last second.</summary>
    public bool TryTake(DateTimeOffset now, int perSecond)
    {
        lock (_recent)
        {
            while (_recent.Count > 0 && now - _recent.Peek() >= Width)
                _recent.Dequeue();
            if (_recent.Count >= perSecond)
                return false;
            _recent.Enqueue(now);
            return true;
        }
    }

    /// <summary>Nothing was taken within the last second: the window may be forgotten.</summary>
    public bool IdleAt(DateTimeOffset now)
    {
        lock (_recent)
            return _recent.Count == 0 || now - _recent.Last() >= Width;
    }
}
