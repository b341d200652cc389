using JasperFx;
using Marten;
using Platform.Contracts.Jobs;
using Platform.Jobs.Credits;
using Platform.Jobs.Metrics;
using Platform.Jobs.Notifications;
using Platform.Jobs.Rooms;
using Platform.Jobs.Webhooks;
using Platform.Storage;
using Platform.Storage.Credits;
using Platform.Storage.Notifications;
using Platform.Storage.Queue;

namespace Platform.Jobs.Model;

/// <summary>
/// Writes job streams (reads are in <c>JobStore.Reads.cs</c>). Every write returns the stored events in their wire form, versions included, and the
/// notifications stored with them in the same transaction, so an event and its notification commit together or not at all.
/// </summary>
public sealed partial class JobStore(IDocumentStore store, PlatformMetrics metrics, JobNotifications notifications, TimeProvider clock)
{
    private const int MaxConcurrencyRetries = 10;

    /// <summary>
    /// Stores new jobs and queues them in one transaction, together with the <paramref name="batch"/> they form and the
    /// <paramref name="idempotency"/> key that asked for them, when given: all of it commits or none of it does.
    /// Returns null, storing nothing, when another request of the same owner committed the same key first; throws
    /// <see cref="CreditsRanShort"/>, storing nothing, when the owner's available credits cannot hold them all.
    /// </summary>
    public async Task<IReadOnlyList<(JobView View, JobEvent Submitted)>?> SubmitManyAsync(
        IReadOnlyList<(Guid JobId, JobSubmitted Submitted)> jobs, JobBatchRecord? batch, IdempotencyRecord? idempotency, TimeSpan idempotencyWindow,
        CancellationToken ct)
    {
        await using var session = store.LightweightSession();
        var submit = new NewJobs(jobs, batch, idempotency, idempotencyWindow);
        var views = StageNew(session, submit);
        var holds = views.SelectMany(JobLedger.Submitted).ToList();
        if (holds.Count > 0)
            CreditLedger.Stage(session, holds);
        try
        {
            await session.SaveChangesAsync(ct);
        }
        catch (Exception e) when (idempotency is not null && IdempotencyRecord.IsKeyTaken(e))
        {
            return null;
        }
        catch (Exception e) when (CreditLedger.IsShort(e))
        {
            throw new CreditsRanShort(holds.Sum(hold => hold.Held), e);
        }
        return Submitted(submit, views);
    }

    /// <summary>
    /// Several submits as <see cref="SubmitManyAsync"/> would store them, in one transaction with one change of each
    /// owner's balance; null, storing nothing, when any of them cannot commit (a key taken, credits short), for the caller
    /// to store each alone and so learn which.
    /// </summary>
    public async Task<IReadOnlyList<IReadOnlyList<(JobView View, JobEvent Submitted)>>?> SubmitTogetherAsync(IReadOnlyList<NewJobs> submits)
    {
        await using var session = store.LightweightSession();
        var views = submits.Select(submit => StageNew(session, submit)).ToList();
        CreditLedger.Stage(session, views.SelectMany(some => some.SelectMany(JobLedger.Submitted)).ToList());
        try
        {
            await session.SaveChangesAsync(CancellationToken.None);
        }
        catch (Exception)
        {
            return null;
        }
        return submits.Zip(views, Submitted).ToList();
    }

    // The new jobs' streams, queue rows, batch and idempotency key, staged; their first views.
    private static List<JobView> StageNew(IDocumentSession session, NewJobs submit)
    {
        var (jobs, batch, idempotency, idempotencyWindow) = submit;
        foreach (var (jobId, submitted) in jobs)
        {
            session.Events.StartStream<JobView>(jobId, submitted);
            JobQueue.Enqueue(session, new QueueEntry(jobId, submitted.Priority, submitted.RunAt, submitted.Type, submitted.OwnerId));
        }
        if (batch is not null)
            session.Insert(batch);
        if (idempotency is not null)
        {
            // An expired record of the same key gives way; deleting it here rather than beforehand keeps a concurrent reuse of it to one winner.
            var expiredBefore = idempotency.CreatedAt - idempotencyWindow;
            var (ownerId, key) = (idempotency.OwnerId, idempotency.Key);
            session.DeleteWhere<IdempotencyRecord>(r => r.OwnerId == ownerId && r.Key == key && r.CreatedAt <= expiredBefore);
            session.Insert(idempotency);
        }
        return jobs.Select(job => Identified(JobView.Create(job.Submitted), job.JobId)).ToList();
    }

    private IReadOnlyList<(JobView View, JobEvent Submitted)> Submitted(NewJobs submit, List<JobView> views)
    {
        foreach (var (_, submitted) in submit.Jobs)
            metrics.JobSubmitted(submitted.Type);
        return views.Zip(submit.Jobs, (view, job) => (view, JobEventMapping.ToContract(job.Submitted, job.JobId, 1, view))).ToList();
    }

    /// <summary>Takes ended jobs' rows out of the queue.</summary>
    public async Task RemoveFromQueueAsync(IReadOnlyList<Guid> jobIds)
    {
        await using var session = store.LightweightSession();
        foreach (var jobId in jobIds)
            JobQueue.Remove(session, jobId);
        await session.SaveChangesAsync(CancellationToken.None);
    }

    private static JobView Identified(JobView view, Guid jobId)
    {
        (view.Id, view.Version) = (jobId, 1);
        return view;
    }

    /// <summary>
    /// Appends what <paramref name="decide"/> returns for the job's current state, retrying with fresh state
    /// when another writer appended in between. Returns null when the job does not exist.
    /// </summary>
    public async Task<AppendResult?> AppendAsync(Guid jobId, Func<JobView, IReadOnlyList<object>> decide, CancellationToken ct)
    {
        for (var attempt = 1; ; attempt++)
        {
            await using var session = store.LightweightSession();
            var stream = await session.Events.FetchForWriting<JobView>(jobId, ct);
            var view = stream.Aggregate;
            if (view is null)
                return null;

            var events = decide(view);
            if (events.Count == 0)
                return new AppendResult(view, [], []);

            // The stream applies appended events to its aggregate itself, so fold our own copy for the wire form.
            var (calls, posts) = (WebhookCalls.For(view, clock), RoomPosts.For(view));
            var (state, stored) = Fold(view, events, stream.StartingVersion ?? view.Version, calls, posts);
            var statusBefore = view.Status;

            stream.AppendMany(events);
            var notified = await StageWithEventsAsync(session, view, state, stored, calls, posts, ct);
            try
            {
                await session.SaveChangesAsync(ct);
            }
            catch (ConcurrencyException) when (attempt < MaxConcurrencyRetries)
            {
                continue;
            }
            catch (Exception e) when (CreditLedger.IsShort(e))
            {
                return new AppendResult(view, [], [], CreditsShort: true);
            }
            MeasureEnd(statusBefore, state);
            return new AppendResult(state, stored, notified);
        }
    }

    /// <summary>
    /// <see cref="AppendAsync"/> for many jobs in one transaction: one read of their views, one commit. When any
    /// stream changed in between, each job falls back to its own append. Results are in the order asked.
    /// </summary>
    public async Task<IReadOnlyList<AppendResult?>> AppendManyAsync(
        IReadOnlyList<(Guid JobId, Func<JobView, IReadOnlyList<object>> Decide)> appends, CancellationToken ct)
    {
        if (appends.Count == 1)
            return [await AppendAsync(appends[0].JobId, appends[0].Decide, ct)];

        await using (var session = store.LightweightSession())
        {
            var views = (await session.LoadManyAsync<JobView>(ct, appends.Select(a => a.JobId).ToArray())).ToDictionary(v => v.Id);
            var results = new AppendResult?[appends.Count];
            // One balance change per owner for the whole batch, not one per job.
            var ledger = new List<LedgerEntryRow>();
            var changed = new List<(JobStatus Before, JobView After)>(appends.Count);
            for (var i = 0; i < appends.Count; i++)
            {
                var (jobId, decide) = appends[i];
                if (!views.TryGetValue(jobId, out var view))
                    continue;
                var events = decide(view);
                var (calls, posts) = (WebhookCalls.For(view, clock), RoomPosts.For(view));
                var (state, stored) = Fold(view, events, view.Version, calls, posts);
                if (events.Count == 0)
                {
                    results[i] = new AppendResult(state, stored, []);
                    continue;
                }
                changed.Add((view.Status, state));
                session.Events.Append(jobId, state.Version, events.ToArray());
                results[i] = new AppendResult(state, stored, await StageWithEventsAsync(session, view, state, stored, calls, posts, ct, ledger));
            }
            if (ledger.Count > 0)
                CreditLedger.Stage(session, ledger);
            try
            {
                await session.SaveChangesAsync(ct);
                foreach (var (before, after) in changed)
                    MeasureEnd(before, after);
                return results;
            }
            catch (Exception e) when (e is ConcurrencyException || CreditLedger.IsShort(e))
            {
            }
        }
        var oneByOne = new AppendResult?[appends.Count];
        for (var i = 0; i < appends.Count; i++)
            oneByOne[i] = await AppendAsync(appends[i].JobId, appends[i].Decide, ct);
        return oneByOne;
    }

    // The one fold of events about to be appended after `version`: their wire form, the state they leave, and each
    // event's webhook call and room post made from the state right after it.
    private static (JobView State, List<JobEvent> Stored) Fold(JobView view, IReadOnlyList<object> events, long version, WebhookCalls? calls,
        RoomPosts? posts)
    {
        var state = view.Copy();
        var stored = new List<JobEvent>(events.Count);
        foreach (var @event in events)
        {
            state.When(@event);
            state.Version = ++version;
            stored.Add(JobEventMapping.ToContract(@event, view.Id, version, state));
            calls?.Add(@event, state);
            posts?.Add(@event, state);
        }
        return (state, stored);
    }

    // What commits with appended events: the queue row's change, the webhook calls, the room posts and the notifications they make.
    // The ledger entries go into `ledger` when given, for the caller to stage once for many jobs; else they are staged here.
    private async Task<IReadOnlyList<NotificationRecord>> StageWithEventsAsync(IDocumentSession session, JobView before, JobView after,
        List<JobEvent> stored, WebhookCalls? calls, RoomPosts? posts, CancellationToken ct, List<LedgerEntryRow>? ledger = null)
    {
        KeepQueueInStep(session, before, after);
        if (JobLedger.Changed(before, after) is { Count: > 0 } entries)
        {
            if (ledger is null)
                CreditLedger.Stage(session, entries);
            else
                ledger.AddRange(entries);
        }
        MetricFinals.Stage(session, before, after);
        calls?.Stage(session, after);
        posts?.Stage(session, after);
        return await NotifyAsync(session, after, stored, ct);
    }

    private async Task<IReadOnlyList<NotificationRecord>> NotifyAsync(IDocumentSession session, JobView job, List<JobEvent> stored, CancellationToken ct)
    {
        var notified = new List<NotificationRecord>();
        foreach (var @event in stored)
            if (await notifications.NotificationForAsync(@event, job.Submitter, ct) is { } notification)
                notified.Add(notification);
        // Upserted, not inserted: its id comes from the event, which this transaction alone can store, and a clash must not undo the event.
        if (notified.Count > 0)
            session.Store<NotificationRecord>(notified);
        return notified;
    }

    private void MeasureEnd(JobStatus before, JobView after)
    {
        if (before.IsFinished() || !after.Status.IsFinished())
            return;
        // Only a job that was running has a run to time; one cancelled while queued has not.
        var ranFor = before is JobStatus.Running or JobStatus.Cancelling ? after.FinishedAt - after.StartedAt : null;
        metrics.JobEnded(after.Type, after.Status, ranFor);
    }

    // The queue holds exactly the unfinished jobs, each due when its view says; changing it in the same transaction keeps it so.
    private static void KeepQueueInStep(IDocumentSession session, JobView before, JobView after)
    {
        if (after.Status.IsFinished())
            JobQueue.Remove(session, after.Id);
        else if (after.Status == JobStatus.Queued && before.Status.IsFinished())
            JobQueue.Enqueue(session, new QueueEntry(after.Id, after.Priority, after.RunAt, after.Type, after.OwnerId));
        else if (after.Status == JobStatus.Queued && before.Status != JobStatus.Queued)
            JobQueue.Release(session, after.Id, after.OwnerId, after.Type, after.RunAt);
    }
}

/// <param name="CreditsShort">Nothing was stored: the owner's available credits could not hold what the change needed (a retry's fresh hold).</param>
/// <summary>What one submit stores: its jobs, the batch they form and the idempotency key that asked for them.</summary>
public sealed record NewJobs(IReadOnlyList<(Guid JobId, JobSubmitted Submitted)> Jobs, JobBatchRecord? Batch, IdempotencyRecord? Idempotency,
    TimeSpan IdempotencyWindow);

public sealed record AppendResult(JobView View, IReadOnlyList<JobEvent> Events, IReadOnlyList<NotificationRecord> Notifications,
    bool CreditsShort = false);
