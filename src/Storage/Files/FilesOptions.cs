using Platform.Storage.Settings;

namespace Platform.Storage.Files;

/// <summary>The <c>Files</c> configuration section: what one user may upload and keep, at once or in resumable parts.</summary>
public sealed class FilesOptions
{
    public const string Section = "Files";

    /// <summary>The largest file one upload may store.</summary>
    public long MaxFileBytes { get; set; } = 1L << 30;

    /// <summary>The bytes one user's files may take together.</summary>
    public long MaxBytesPerUser { get; set; } = 10L << 30;

    /// <summary>How many files one user may keep.</summary>
    public int MaxFilesPerUser { get; set; } = 10_000;

    /// <summary>How long a file is kept after its upload unless an unfinished job or a schedule names it; zero keeps files until deleted.</summary>
    public TimeSpan Retention { get; set; } = TimeSpan.FromDays(30);

    /// <summary>The most bytes one PATCH of a resumable upload may carry.</summary>
    public long MaxChunkBytes { get; set; } = 64L << 20;

    /// <summary>How long a resumable upload stays open after its creation or its last stored PATCH.</summary>
    public TimeSpan UploadExpiry { get; set; } = TimeSpan.FromHours(24);

    /// <summary>How many resumable uploads one user may have open at once.</summary>
    public int MaxOpenUploadsPerUser { get; set; } = 10;

    /// <summary>How often each host removes expired uploads.</summary>
    public TimeSpan UploadCleanupInterval { get; set; } = TimeSpan.FromMinutes(5);

    /// <summary>Expired uploads one statement removes; batches follow each other until none is left.</summary>
    public int UploadCleanupBatchSize { get; set; } = 100;

    public static void Rules(SettingsRules<FilesOptions> rules) => rules
        .Positive(o => o.MaxFileBytes)
        .Positive(o => o.MaxBytesPerUser)
        .Positive(o => o.MaxFilesPerUser)
        .NotNegative(o => o.Retention)
        .Positive(o => o.MaxChunkBytes)
        .Positive(o => o.UploadExpiry)
        .Positive(o => o.MaxOpenUploadsPerUser)
        .Positive(o => o.UploadCleanupInterval)
        .Positive(o => o.UploadCleanupBatchSize);

    /// <summary>The largest page of a file list.</summary>
    public const int MaxPageSize = 100;
}
