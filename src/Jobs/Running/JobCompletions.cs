using System.Threading.Channels;
using Platform.Storage.Jobs;

namespace Platform.Jobs.Running;

/// <summary>
/// Stores the final events of this host's jobs. Jobs that end while one batch is being written wait and go
/// into the next, so under load many jobs share one transaction and one commit instead of one each.
/// </summary>
public sealed class JobCompletions : IDisposable
{
    private readonly JobStore _store;
    private readonly Channel<Completion> _pending = Channel.CreateUnbounded<Completion>(new UnboundedChannelOptions { SingleReader = true });
    private readonly Task _writer;

    public JobCompletions(JobStore store)
    {
        _store = store;
        _writer = Task.Run(WriteAsync);
    }

    /// <summary>Appends what <paramref name="decide"/> returns for the job's latest state, together with other jobs ending now.</summary>
    public Task<AppendResult?> CompleteAsync(Guid jobId, Func<JobView, IReadOnlyList<object>> decide)
    {
        var completion = new Completion(jobId, decide, new TaskCompletionSource<AppendResult?>(TaskCreationOptions.RunContinuationsAsynchronously));
        if (!_pending.Writer.TryWrite(completion))
            return _store.AppendAsync(jobId, decide, CancellationToken.None);
        return completion.Done.Task;
    }

    public void Dispose()
    {
        _pending.Writer.TryComplete();
        _writer.Wait(TimeSpan.FromSeconds(10));
    }

    private async Task WriteAsync()
    {
        var batch = new List<Completion>();
        while (await _pending.Reader.WaitToReadAsync())
        {
            batch.Clear();
            while (batch.Count < 100 && _pending.Reader.TryRead(out var next))
                batch.Add(next);
            try
            {
                var results = await _store.AppendManyAsync(batch.Select(c => (c.JobId, c.Decide)).ToList(), CancellationToken.None);
                for (var i = 0; i < batch.Count; i++)
                    batch[i].Done.TrySetResult(results[i]);
            }
            catch (Exception e)
            {
                foreach (var completion in batch)
                    completion.Done.TrySetException(e);
            }
        }
    }

    private sealed record Completion(Guid JobId, Func<JobView, IReadOnlyList<object>> Decide, TaskCompletionSource<AppendResult?> Done);
}
