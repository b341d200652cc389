namespace Platform.IntegrationTests.Infrastructure;

/// <summary>What arrived, in order, with waits for the first that matches, so tests wait on what they expect rather than on time.</summary>
public sealed class Recorder<T>
{
    private readonly List<T> _items = [];
    private readonly List<(Func<T, bool> Match, TaskCompletionSource<T> Done)> _waits = [];

    public IReadOnlyList<T> Items
    {
        get
        {
            lock (_items)
                return [.. _items];
        }
    }

    public Task<T> WaitForAsync(Func<T, bool> match, TimeSpan? timeout = null)
    {
        var done = new TaskCompletionSource<T>(TaskCreationOptions.RunContinuationsAsynchronously);
        lock (_items)
        {
            foreach (var seen in _items)
                if (match(seen))
                    return Task.FromResult(seen);
            _waits.Add((match, done));
        }
        return done.Task.WaitAsync(timeout ?? TimeSpan.FromSeconds(30));
    }

    internal void Add(T item)
    {
        lock (_items)
        {
            _items.Add(item);
            foreach (var wait in _waits.Where(w => w.Match(item)).ToList())
            {
                wait.Done.TrySetResult(item);
                _waits.Remove(wait);
            }
        }
    }
}
