using Marten;
using Platform.Storage.Organizations;
using Platform.Storage.Outcomes;
using Platform.Storage.Queue;

namespace Platform.Jobs;

/// <summary>
/// The one rule for how many jobs an owner may hold queued or running (<see cref="JobsOptions.MaxQueuedFor"/>): every
/// path that queues a job (submit, batch, retry, a schedule's firing, an admin's trigger or bulk retry) asks it first,
/// whoever asks.
/// </summary>
public sealed class QueueQuota(JobQueue queue, IDocumentStore documents, JobsOptions options)
{
    // Counted before the write, not in its transaction: requests racing each other may pass the quota by a few jobs,
    // which is cheaper than serialising every submit of an owner.
    /// <summary>How many jobs the owner, of <paramref name="plan"/>, holds queued or running now, and may hold.</summary>
    public async Task<QueueRoom> RoomAsync(string ownerId, string? plan, CancellationToken ct)
    {
        var max = options.MaxQueuedFor(plan);
        return new QueueRoom(max, max == 0 ? 0 : await queue.CountOwnedAsync(ownerId, max, ct));
    }

    /// <summary><see cref="RoomAsync"/> for an owner whose plan the caller does not know, as an admin acting on their jobs.</summary>
    public async Task<QueueRoom> RoomOfOwnerAsync(string ownerId, CancellationToken ct)
    {
        await using var session = documents.QuerySession();
        return await RoomAsync(ownerId, (await Owners.StandingAsync(session, ownerId, ct))?.Plan, ct);
    }

    /// <summary>Why the owner may not queue <paramref name="adding"/> more jobs now; null when they may.</summary>
    public async Task<Refusal?> RefusalAsync(string ownerId, string? plan, int adding, CancellationToken ct) =>
        (await RoomAsync(ownerId, plan, ct)) is var room && room.Admits(adding) ? null : room.Refusal;
}

/// <param name="Max">The most jobs the owner may hold queued or running; 0 for no limit.</param>
/// <param name="Queued">How many they hold now (counted up to <paramref name="Max"/>).</param>
public sealed record QueueRoom(int Max, int Queued)
{
    /// <summary>How many more jobs the owner may queue now.</summary>
    public int Left => Max == 0 ? int.MaxValue : Math.Max(Max - Queued, 0);

    public bool Admits(int adding) => adding <= Left;

    public Refusal Refusal =>
        JobRefusals.QuotaReached($"At most {Max} of your jobs may be queued or running at once; {Queued} are. More may be queued as they finish.");
}
