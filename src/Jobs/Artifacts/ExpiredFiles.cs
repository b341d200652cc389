using Microsoft.Extensions.Logging;
using Platform.Storage;
using Platform.Storage.Files;
using Platform.Storage.Objects;

namespace Platform.Jobs.Artifacts;

/// <summary>
/// Removes uploaded files older than <see cref="FilesOptions.Retention"/>, unless an unfinished job or a schedule names
/// them, at start and every <see cref="JobsOptions.RetentionInterval"/>, on every host; removing twice changes nothing.
/// </summary>
public sealed class ExpiredFiles(UserFiles files, FileHolders holders, IObjectStore objects, FilesOptions filesOptions, JobsOptions jobsOptions,
    TimeProvider clock, ILogger<ExpiredFiles> logger) : BatchedCleanup(jobsOptions.RetentionInterval, RetentionBatch.Size, clock, logger)
{
    protected override string What => "uploaded files past their retention";

    // Held files are passed over, so the oldest batch may be all of them: it then comes back short, and the next pass tries again.
    protected override async Task<int> DeleteBatchAsync(DateTimeOffset now, int batch, CancellationToken ct)
    {
        if (filesOptions.Retention <= TimeSpan.Zero)
            return 0;
        var deleted = 0;
        foreach (var file in await files.UploadedBeforeAsync(now - filesOptions.Retention, batch, ct))
        {
            if (await holders.HolderOfAsync(file.Id, file.OwnerId.ToString(), ct) is not null)
                continue;
            if (await files.DeleteOwnedAsync(file.Id, file.OwnerId, ct))
                deleted++;
            await objects.DeleteAsync(UserFiles.KeyOf(file.Id), ct);
        }
        return deleted;
    }
}
