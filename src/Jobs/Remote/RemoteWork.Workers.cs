using System.Collections.Concurrent;
using Marten;
using Marten.Services;
using Platform.Contracts.Workers;
using Platform.Storage;
using Platform.Storage.Outcomes;

namespace Platform.Jobs.Remote;

/// <summary>The workers that claim: each key owner's names, within their limit, and when each was last seen.</summary>
public sealed partial class RemoteWork
{
    /// <summary>How stale a worker's last-seen time may be in the operators' list.</summary>
    public static readonly TimeSpan SeenPrecision = TimeSpan.FromSeconds(10);

    private const int NamesLockSpace = 0x3a3e5;

    private readonly ConcurrentDictionary<string, (DateTimeOffset At, string Claims)> _seenWritten = new();
    private long _nextPruneTicks;

    /// <summary>Every worker that has claimed and is not forgotten, with the jobs it holds now.</summary>
    public async Task<IReadOnlyList<WorkerInfo>> ListWorkersAsync(CancellationToken ct)
    {
        await using var session = documents.QuerySession();
        var workers = await session.Query<WorkerRecord>().OrderByDescending(w => w.LastSeenAt).Take(1000).ToListAsync(ct);
        var held = await queue.HeldByAsync(LeasePrefix, ct);
        int HeldBy(WorkerRecord worker) => held.Where(h => h.Key.StartsWith($"{LeasePrefix}{worker.Id}:", StringComparison.Ordinal)).Sum(h => h.Value);
        return workers.Select(w => new WorkerInfo(w.Name, w.OwnerId, w.Shared, w.Types, HeldBy(w), w.LastSeenAt)).ToList();
    }

    /// <summary>
    /// Notes that <paramref name="worker"/> of <paramref name="keyOwner"/>'s claims now; refused, and nothing noted, for a
    /// name the owner does not have yet when they have <see cref="WorkersOptions.MaxNamesPerOwner"/> already.
    /// </summary>
    public async Task<Refusal?> RecordSeenAsync(string worker, string keyOwner, bool shared, IReadOnlyCollection<string> jobTypes, CancellationToken ct)
    {
        // Written at most every SeenPrecision per worker and host, not on every claim: a busy worker claims once a job.
        var id = WorkerRecord.IdOf(keyOwner, worker);
        var sortedTypes = jobTypes.Order(StringComparer.Ordinal).ToList();
        var claims = $"{shared} {string.Join(",", sortedTypes)}";
        var now = clock.GetUtcNow();
        if (_seenWritten.TryGetValue(id, out var written) && written.Claims == claims && now - written.At < SeenPrecision)
            return null;
        ForgetWrittenBefore(now - SeenPrecision);

        // Counted and stored under a lock per owner, so concurrent claims under new names cannot all pass the count.
        await using var connection = await database.OpenConnectionAsync(ct);
        await using var transaction = await connection.BeginTransactionAsync(ct);
        await AdvisoryLocks.HoldAsync(transaction, NamesLockSpace, keyOwner, ct);
        await using var session = documents.LightweightSession(SessionOptions.ForTransaction(transaction));
        if (!await session.Query<WorkerRecord>().AnyAsync(w => w.Id == id, ct)
            && await session.Query<WorkerRecord>().CountAsync(w => w.OwnerId == keyOwner, ct) >= workers.Value.MaxNamesPerOwner)
            return WorkerRefusals.TooManyNames(workers.Value);
        session.Store(new WorkerRecord { Id = id, Name = worker, OwnerId = keyOwner, Shared = shared, Types = sortedTypes, LastSeenAt = now });
        await session.SaveChangesAsync(ct);
        await transaction.CommitAsync(ct);
        _seenWritten[id] = (now, claims);
        return null;
    }

    // What was written before the last SeenPrecision no longer spares a write, so this host keeps only the workers it saw since.
    private void ForgetWrittenBefore(DateTimeOffset cutoff)
    {
        var next = Interlocked.Read(ref _nextPruneTicks);
        if (cutoff.UtcTicks < next || Interlocked.CompareExchange(ref _nextPruneTicks, cutoff.UtcTicks + SeenPrecision.Ticks, next) != next)
            return;
        foreach (var (id, written) in _seenWritten)
            if (written.At < cutoff)
                _seenWritten.TryRemove(KeyValuePair.Create(id, written));
    }
}
