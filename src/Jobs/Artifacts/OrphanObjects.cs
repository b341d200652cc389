using Marten;
using Microsoft.Extensions.Logging;
using Platform.Contracts.Jobs;
using Platform.Jobs.Model;
using Platform.Storage;
using Platform.Storage.Artifacts;
using Platform.Storage.Files;
using Platform.Storage.Objects;

namespace Platform.Jobs.Artifacts;

/// <summary>
/// Removes objects that nothing names any more and that are older than <see cref="StorageOptions.OrphanGrace"/>: a
/// file's bytes without its row, the parts of an upload that is gone or has become its file, the artifacts of a job
/// that is gone, or finished without listing them. An unfinished job's artifacts are left alone, whatever their age:
/// a run may still list them. Every failure on the way (a host lost between storing bytes and their row, a delete
/// that did not happen) ends here, on every host, at start and every <see cref="StorageOptions.OrphanSweepInterval"/>.
/// </summary>
public sealed class OrphanObjects(IObjectStore objects, UserFiles files, UploadRows uploads, ArtifactRows artifacts, IDocumentStore documents, StorageOptions options,
    TimeProvider clock, ILogger<OrphanObjects> logger) : BatchedCleanup(options.OrphanSweepInterval, SweepBatch, clock, logger)
{
    private const int SweepBatch = 100;

    protected override string What => "stored objects nothing names";

    // Each prefix is listed afresh per batch: what the last batch removed is no longer listed, so the sweep moves on.
    protected override async Task<int> DeleteBatchAsync(DateTimeOffset now, int batch, CancellationToken ct)
    {
        var writtenBefore = now - options.OrphanGrace;
        var deleted = await SweepAsync(UserFiles.Prefix, UnnamedFilesAsync, writtenBefore, batch, ct);
        deleted += await SweepAsync(ResumableUploads.Prefix, UnusedPartsAsync, writtenBefore, batch - deleted, ct);
        deleted += await SweepAsync(ArtifactStore.Prefix, UnlistedArtifactsAsync, writtenBefore, batch - deleted, ct);
        return deleted;
    }

    private async Task<int> SweepAsync(string prefix, Func<IReadOnlyList<string>, CancellationToken, Task<IEnumerable<string>>> unnamedAmong,
        DateTimeOffset writtenBefore, int most, CancellationToken ct)
    {
        if (most <= 0)
            return 0;
        var deleted = 0;
        var old = new List<string>();
        await foreach (var stored in objects.ListKeysAsync(prefix, ct))
        {
            if (stored.LastModified >= writtenBefore)
                continue;
            old.Add(stored.Key);
            if (old.Count < SweepBatch)
                continue;
            deleted += await DeleteAsync(await unnamedAmong(old, ct), most - deleted, ct);
            old.Clear();
            if (deleted >= most)
                return deleted;
        }
        return deleted + await DeleteAsync(await unnamedAmong(old, ct), most - deleted, ct);
    }

    private async Task<int> DeleteAsync(IEnumerable<string> keys, int most, CancellationToken ct)
    {
        var deleted = 0;
        foreach (var key in keys.Take(Math.Max(0, most)))
        {
            await objects.DeleteAsync(key, ct);
            deleted++;
        }
        return deleted;
    }

    private async Task<IEnumerable<string>> UnnamedFilesAsync(IReadOnlyList<string> keys, CancellationToken ct)
    {
        var ids = keys.Select(key => (Key: key, Id: UserFiles.FileIdOf(key))).Where(k => k.Id is not null).ToList();
        var existing = await files.ExistingAsync(ids.Select(k => k.Id!.Value).ToList(), ct);
        return ids.Where(k => !existing.Contains(k.Id!.Value)).Select(k => k.Key);
    }

    private async Task<IEnumerable<string>> UnusedPartsAsync(IReadOnlyList<string> keys, CancellationToken ct)
    {
        var parts = keys.Select(key => (Key: key, Id: ResumableUploads.UploadIdOf(key))).Where(k => k.Id is not null).ToList();
        var open = await uploads.OpenAsync(parts.Select(k => k.Id!.Value).Distinct().ToList(), ct);
        return parts.Where(k => !open.Contains(k.Id!.Value)).Select(k => k.Key);
    }

    // An artifact's object is named by its row; one stored before artifacts had rows (artifacts/{job}/{name}) by its
    // job's list. A key with neither is kept while its job is unfinished: its run may still be admitting it.
    private async Task<IEnumerable<string>> UnlistedArtifactsAsync(IReadOnlyList<string> keys, CancellationToken ct)
    {
        var withRows = await artifacts.ExistingKeysAsync(keys, ct);
        var candidates = keys.Where(key => !withRows.Contains(key))
            .Select(key => (Key: key, Artifact: ArtifactStore.ArtifactOf(key))).Where(k => k.Artifact is not null).ToList();
        if (candidates.Count == 0)
            return [];
        IReadOnlyList<JobView> found;
        await using (var session = documents.QuerySession())
            found = await session.LoadManyAsync<JobView>(ct, candidates.Select(k => k.Artifact!.Value.JobId).Distinct());
        var jobs = found.ToDictionary(job => job.Id);
        return candidates.Where(k => !jobs.TryGetValue(k.Artifact!.Value.JobId, out var job) || Unlisted(job, k.Artifact.Value.Segment)).Select(k => k.Key);
    }

    private static bool Unlisted(JobView job, string segment) => job.Status.IsFinished() && job.Artifacts.All(artifact => artifact.Name != segment);
}
