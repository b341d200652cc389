using System.Collections.Concurrent;

namespace Platform.Jobs.Running;

/// <summary>The jobs this host is running now, so a cancel request can reach their handlers.</summary>
public sealed class RunningJobs
{
    private readonly ConcurrentDictionary<Guid, CancellationTokenSource> _running = new();

    public int Count => _running.Count;

    public IDisposable Register(Guid jobId, CancellationTokenSource cancellation)
    {
        _running[jobId] = cancellation;
        return new Registration(this, jobId, cancellation);
    }

    /// <summary>Cancels the job if it runs on this host; true when it did.</summary>
    public bool TryCancel(Guid jobId)
    {
        if (!_running.TryGetValue(jobId, out var cancellation))
            return false;
        cancellation.Cancel();
        return true;
    }

    private sealed class Registration(RunningJobs owner, Guid jobId, CancellationTokenSource cancellation) : IDisposable
    {
        public void Dispose() => owner._running.TryRemove(new(jobId, cancellation));
    }
}
