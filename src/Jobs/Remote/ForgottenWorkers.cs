using Marten;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Platform.Storage;

namespace Platform.Jobs.Remote;

/// <summary>
/// Forgets the workers whose last claim is older than <see cref="WorkersOptions.ForgetAfter"/>, at start and every
/// <see cref="WorkersOptions.ForgetInterval"/>, on every host; their names are free for their owner again.
/// </summary>
public sealed class ForgottenWorkers(IDocumentStore documents, IOptions<WorkersOptions> options, TimeProvider clock, ILogger<ForgottenWorkers> logger)
    : BatchedCleanup(options.Value.ForgetInterval, BatchSize, clock, logger)
{
    private const int BatchSize = 1000;

    protected override string What => "workers unseen past Workers:ForgetAfter";

    protected override async Task<int> DeleteBatchAsync(DateTimeOffset now, int batch, CancellationToken ct)
    {
        var seenBefore = now - options.Value.ForgetAfter;
        await using var session = documents.LightweightSession();
        var unseen = await session.Query<WorkerRecord>().Where(w => w.LastSeenAt < seenBefore).Select(w => w.Id).Take(batch).ToListAsync(ct);
        if (unseen.Count == 0)
            return 0;
        session.DeleteWhere<WorkerRecord>(w => unseen.Contains(w.Id) && w.LastSeenAt < seenBefore);
        await session.SaveChangesAsync(ct);
        return unseen.Count;
    }
}
