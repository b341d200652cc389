using Platform.Storage;
using Platform.Storage.Files;

namespace Platform.Host.Files;

/// <summary>Removes resumable uploads past their expiry with their parts, at start and every <see cref="FilesOptions.UploadCleanupInterval"/>.</summary>
public sealed class UploadExpiry(ResumableUploads uploads, FilesOptions options, TimeProvider clock, ILogger<UploadExpiry> logger)
    : BatchedCleanup(options.UploadCleanupInterval, options.UploadCleanupBatchSize, clock, logger)
{
    protected override string What => "uploads past their expiry";

    protected override Task<int> DeleteBatchAsync(DateTimeOffset now, int batch, CancellationToken ct) => uploads.DeleteExpiredAsync(now, batch, ct);
}

public static class UploadExpiryExtensions
{
    /// <summary>This host's share of removing expired uploads, so an abandoned upload does not hold its owner's storage.</summary>
    public static WebApplicationBuilder AddUploadExpiry(this WebApplicationBuilder builder)
    {
        builder.Services.AddHostedService<UploadExpiry>();
        return builder;
    }
}
