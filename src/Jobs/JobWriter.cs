using System.Threading.Channels;
using Platform.Contracts.Jobs;
using Platform.Jobs.Credits;
using Platform.Jobs.Live;
using Platform.Jobs.Model;
using Platform.Jobs.Notifications;

namespace Platform.Jobs;

/// <summary>
/// The one way a job's events are stored and told. It applies a decision to the job's latest state, commits the
/// events with what goes along (the queue row, webhook calls and notifications: see <see cref="JobStore"/>), then
/// publishes every event that committed, in version order, and pushes the notifications stored with them. Jobs that
/// end while one batch of endings is being written go into the next, so under load many share one commit, and one
/// message to the other hosts.
/// </summary>
public sealed class JobWriter : IDisposable
{
    private const int MostEndingsPerCommit = 100;

    private readonly JobStore _store;
    private readonly SharedHoldCommits _holds;
    private readonly LiveProgressThrottle _publisher;
    private readonly INotificationPusher _notifications;
    private readonly Channel<Ending> _endings = Channel.CreateUnbounded<Ending>(new UnboundedChannelOptions { SingleReader = true });
    private readonly Task _endingsWriter;

    public JobWriter(JobStore store, SharedHoldCommits holds, LiveProgressThrottle publisher, INotificationPusher notifications)
    {
        (_store, _holds, _publisher, _notifications) = (store, holds, publisher, notifications);
        _endingsWriter = Task.Run(WriteEndingsAsync);
    }

    /// <summary>
    /// Stores and queues new jobs, with the batch they form and the idempotency key that asked for them, all or none;
    /// null, storing nothing, when another request of the same owner committed the same key first.
    /// </summary>
    public async Task<IReadOnlyList<JobView>?> SubmitAsync(IReadOnlyList<(Guid JobId, JobSubmitted Submitted)> jobs, JobBatchRecord? batch,
        IdempotencyRecord? idempotency, TimeSpan idempotencyWindow, CancellationToken ct)
    {
        // Jobs that hold credits wait on their owner's balance row, so they share commits; others commit in parallel.
        var stored = jobs.Any(job => job.Submitted.Price is not null)
            ? await _holds.SubmitAsync(jobs[0].Submitted.OwnerId, new NewJobs(jobs, batch, idempotency, idempotencyWindow))
            : await _store.SubmitManyAsync(jobs, batch, idempotency, idempotencyWindow, ct);
        if (stored is null)
            return null;
        foreach (var (view, submitted) in stored)
            await _publisher.PublishAsync(submitted, view.OwnerId);
        return stored.Select(job => job.View).ToList();
    }

    /// <summary>Appends what <paramref name="decide"/> returns for the job's latest state; null when there is no such job.</summary>
    public async Task<AppendResult?> AppendAsync(Guid jobId, Func<JobView, IReadOnlyList<object>> decide, CancellationToken ct)
    {
        var appended = await _store.AppendAsync(jobId, decide, ct);
        await PublishAsync(appended);
        return appended;
    }

    /// <summary><see cref="AppendAsync"/> for many jobs in one commit; results in the order asked.</summary>
    public async Task<IReadOnlyList<AppendResult?>> AppendManyAsync(IReadOnlyList<(Guid JobId, Func<JobView, IReadOnlyList<object>> Decide)> appends,
        CancellationToken ct)
    {
        var results = await _store.AppendManyAsync(appends, ct);
        await PublishTogetherAsync(results);
        return results;
    }

    /// <summary>
    /// Records the start of each claimed job by <paramref name="start"/>, and answers those now running. A claimed job that
    /// had already ended (its row queued again by a late requeue) leaves the queue, so it is not claimed again and again.
    /// </summary>
    public async Task<IReadOnlyList<JobView>> StartClaimedAsync(IReadOnlyList<Guid> claimed, Func<JobView, IReadOnlyList<object>> start)
    {
        var starts = await AppendManyAsync(claimed.Select(id => (id, start)).ToList(), CancellationToken.None);
        var ended = starts.OfType<AppendResult>().Where(s => s.Events.Count == 0 && s.View.Status.IsFinished()).Select(s => s.View.Id).ToList();
        if (ended.Count > 0)
            await _store.RemoveFromQueueAsync(ended);
        return starts.Where(s => s?.View.Status == JobStatus.Running).Select(s => s!.View).ToList();
    }

    /// <summary>Appends a job's final events, in one commit with other jobs of this host ending now.</summary>
    public async Task<AppendResult?> EndAsync(Guid jobId, Func<JobView, IReadOnlyList<object>> decide)
    {
        var ending = new Ending(jobId, decide, new TaskCompletionSource<AppendResult?>(TaskCreationOptions.RunContinuationsAsynchronously));
        if (_endings.Writer.TryWrite(ending))
            return await ending.Done.Task;
        var appended = await _store.AppendAsync(jobId, decide, CancellationToken.None);
        await PublishAsync(appended);
        return appended;
    }

    /// <summary>Progress that is not stored (yet): out to watchers as current as the last stored version, at most at the live rate.</summary>
    public ValueTask PublishLiveAsync(JobEvent tick, string ownerId) => _publisher.PublishAsync(tick, ownerId);

    public void Dispose()
    {
        _endings.Writer.TryComplete();
        _endingsWriter.Wait(TimeSpan.FromSeconds(10));
    }

    private async Task PublishAsync(AppendResult? appended)
    {
        if (appended is null)
            return;
        foreach (var stored in appended.Events)
            await _publisher.PublishAsync(stored, appended.View.OwnerId);
        foreach (var notification in appended.Notifications)
            await _notifications.PushAsync(notification);
    }

    // A commit's events go out as one message; its notifications to their users all at once.
    private async Task PublishTogetherAsync(IReadOnlyList<AppendResult?> results)
    {
        var committed = results.OfType<AppendResult>().ToList();
        await _publisher.PublishStoredAsync(committed.SelectMany(appended => appended.Events.Select(e => new OwnedJobEvent(e, appended.View.OwnerId))).ToList());
        await Task.WhenAll(committed.SelectMany(appended => appended.Notifications).Select(_notifications.PushAsync));
    }

    private async Task WriteEndingsAsync()
    {
        var batch = new List<Ending>();
        while (await _endings.Reader.WaitToReadAsync())
        {
            batch.Clear();
            while (batch.Count < MostEndingsPerCommit && _endings.Reader.TryRead(out var next))
                batch.Add(next);
            IReadOnlyList<AppendResult?> results;
            try
            {
                results = await _store.AppendManyAsync(batch.Select(e => (e.JobId, e.Decide)).ToList(), CancellationToken.None);
            }
            catch (Exception e)
            {
                foreach (var ending in batch)
                    ending.Done.TrySetException(e);
                continue;
            }
            await PublishTogetherAsync(results);
            for (var i = 0; i < batch.Count; i++)
                batch[i].Done.TrySetResult(results[i]);
        }
    }

    private sealed record Ending(Guid JobId, Func<JobView, IReadOnlyList<object>> Decide, TaskCompletionSource<AppendResult?> Done);
}
