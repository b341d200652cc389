using System.Runtime.CompilerServices;
using Marten;
using Marten.Events;
using Platform.Contracts.Jobs;

namespace Platform.Jobs.Model;

/// <summary>What is read of jobs: their state, their batches, their idempotency keys, and their stored events a page at a time.</summary>
public sealed partial class JobStore
{
    /// <summary>The owner's record of <paramref name="key"/>, expired or not; null when the key is new to them.</summary>
    public async Task<IdempotencyRecord?> FindIdempotencyAsync(string ownerId, string key, CancellationToken ct)
    {
        await using var session = store.QuerySession();
        return await session.Query<IdempotencyRecord>().Where(r => r.OwnerId == ownerId && r.Key == key).FirstOrDefaultAsync(ct);
    }

    /// <summary>The batch with the current state of its jobs if <paramref name="ownerId"/> owns it; others' batches are as absent as unknown ones.</summary>
    public async Task<JobBatch?> GetBatchOwnedAsync(Guid batchId, string ownerId, CancellationToken ct)
    {
        await using var session = store.QuerySession();
        var batch = await session.LoadAsync<JobBatchRecord>(batchId, ct);
        if (batch is null || batch.OwnerId != ownerId)
            return null;
        return batch.ToContract(await session.LoadManyAsync<JobView>(ct, batch.JobIds));
    }

    public async Task<JobView?> GetAsync(Guid jobId, CancellationToken ct)
    {
        await using var session = store.QuerySession();
        return await session.LoadAsync<JobView>(jobId, ct);
    }

    /// <summary>The jobs of these ids that exist, in no particular order.</summary>
    public async Task<IReadOnlyList<JobView>> GetManyAsync(IReadOnlyList<Guid> jobIds, CancellationToken ct)
    {
        await using var session = store.QuerySession();
        return await session.LoadManyAsync<JobView>(ct, jobIds);
    }

    /// <summary>The job if <paramref name="ownerId"/> owns it; others' jobs are as absent as unknown ones.</summary>
    public async Task<JobView?> GetOwnedAsync(Guid jobId, string ownerId, CancellationToken ct) =>
        await GetAsync(jobId, ct) is { } job && job.OwnerId == ownerId ? job : null;

    /// <summary>The most stored events one read returns: histories are read a page at a time, never whole.</summary>
    public const int EventPageSize = 500;

    /// <summary>
    /// Up to <paramref name="limit"/> stored events after <paramref name="afterVersion"/>, in order, each with the job's
    /// status at that point. Fewer than asked means nothing more is stored yet.
    /// </summary>
    public async Task<IReadOnlyList<JobEvent>> ReadEventsAsync(Guid jobId, long afterVersion, int limit, CancellationToken ct)
    {
        ArgumentOutOfRangeException.ThrowIfGreaterThan(limit, EventPageSize);
        await using var session = store.QuerySession();
        var state = await StateAtAsync(session, jobId, afterVersion, ct);
        // Versions of a stream have no gaps, so a version range is a page.
        var events = await session.Events.FetchStreamAsync(jobId, version: afterVersion + limit, fromVersion: afterVersion + 1, token: ct);
        var result = new List<JobEvent>(events.Count);
        foreach (var stored in events)
        {
            state.When(stored.Data);
            result.Add(JobEventMapping.ToContract(stored.Data, jobId, stored.Version, state));
        }
        return result;
    }

    /// <summary>Every stored event after <paramref name="afterVersion"/>, a page at a time, in order.</summary>
    public async IAsyncEnumerable<IReadOnlyList<JobEvent>> ReadEventPagesAsync(Guid jobId, long afterVersion,
        [EnumeratorCancellation] CancellationToken ct)
    {
        IReadOnlyList<JobEvent> page;
        do
        {
            page = await ReadEventsAsync(jobId, afterVersion, EventPageSize, ct);
            if (page.Count > 0)
                yield return page;
            afterVersion = page.Count > 0 ? page[^1].Version : afterVersion;
        }
        while (page.Count == EventPageSize);
    }

    // What a later event's wire form takes from the job's state is changed only by the few events that change its
    // status, so folding those up to the page's start is enough, however many progress ticks and log lines came between.
    private static async Task<JobView> StateAtAsync(IQuerySession session, Guid jobId, long version, CancellationToken ct)
    {
        var state = new JobView { Id = jobId };
        if (version <= 0)
            return state;
        var changes = await session.Events.QueryAllRawEvents()
            .Where(e => e.StreamId == jobId && e.Version <= version && e.EventTypesAre(JobEventMapping.StateChanges))
            .OrderBy(e => e.Version)
            .ToListAsync(ct);
        foreach (var change in changes)
            state.When(change.Data);
        return state;
    }
}
