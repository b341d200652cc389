using Microsoft.AspNetCore.SignalR;

namespace Platform.Hubs.Watching;

/// <summary>
/// One connection's job messages, written one at a time in the order given. A live tick still waiting when a newer
/// tick of the same job comes is replaced by it, so a connection that reads slower than ticks come gets the newest
/// progress instead of a growing backlog. Stored events are never dropped, and a tick never passes a stored event of
/// its job: a stored event closes its job's waiting tick to replacement, and the next tick queues behind it.
/// </summary>
/// <param name="write">Writes one message to the connection; completes once the connection has taken it.</param>
/// <param name="superseded">Told of every tick replaced before it was written.</param>
public sealed class JobOutbox(Func<SerializedHubMessage, ValueTask> write, Action superseded)
{
    private readonly Lock _gate = new();
    private readonly Queue<Waiting> _queue = new();
    private readonly Dictionary<Guid, Waiting> _replaceableTicks = [];
    private bool _writing;

    /// <summary>Queues a stored event's message; the task completes once it is written.</summary>
    public Task WriteAsync(Guid jobId, SerializedHubMessage message)
    {
        var waiting = new Waiting(jobId, message, new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously));
        bool start;
        lock (_gate)
        {
            _replaceableTicks.Remove(jobId);
            start = Enqueue(waiting);
        }
        if (start)
            _ = WriteQueuedAsync();
        return waiting.Written!.Task;
    }

    /// <summary>Queues a live tick, or puts it in the place of the job's tick that is still waiting.</summary>
    public void WriteLatest(Guid jobId, SerializedHubMessage tick)
    {
        bool start;
        lock (_gate)
        {
            if (_replaceableTicks.TryGetValue(jobId, out var older))
            {
                older.Message = tick;
                superseded();
                return;
            }
            var waiting = new Waiting(jobId, tick, written: null);
            _replaceableTicks[jobId] = waiting;
            start = Enqueue(waiting);
        }
        if (start)
            _ = WriteQueuedAsync();
    }

    // Under _gate. True when the outbox was idle: the caller starts the writer, which runs inline for as long as
    // writes complete at once, as a direct write would.
    private bool Enqueue(Waiting waiting)
    {
        _queue.Enqueue(waiting);
        if (_writing)
            return false;
        _writing = true;
        return true;
    }

    private async Task WriteQueuedAsync()
    {
        while (true)
        {
            Waiting next;
            SerializedHubMessage message;
            lock (_gate)
            {
                if (!_queue.TryDequeue(out next!))
                {
                    _writing = false;
                    return;
                }
                if (_replaceableTicks.TryGetValue(next.JobId, out var tick) && tick == next)
                    _replaceableTicks.Remove(next.JobId);
                message = next.Message;
            }
            try
            {
                await write(message);
                next.Written?.TrySetResult();
            }
            catch (Exception e)
            {
                // The connection went away; its watches are removed on disconnect.
                next.Written?.TrySetException(e);
            }
        }
    }

    private sealed class Waiting(Guid jobId, SerializedHubMessage message, TaskCompletionSource? written)
    {
        public Guid JobId { get; } = jobId;
        public SerializedHubMessage Message { get; set; } = message;

        /// <summary>Completed once written; null for a tick, which nothing waits for.</summary>
        public TaskCompletionSource? Written { get; } = written;
    }
}
