namespace Platform.Storage.Files;

/// <summary>The <c>Files</c> configuration section: what one user may upload and keep.</summary>
public sealed class FilesOptions
{
    public const string Section = "Files";

    /// <summary>The largest file one upload may store.</summary>
    public long MaxFileBytes { get; set; } = 1L << 30;

    /// <summary>The bytes one user's files may take together.</summary>
    public long MaxBytesPerUser { get; set; } = 10L << 30;

    /// <summary>How many files one user may keep.</summary>
    public int MaxFilesPerUser { get; set; } = 10_000;

    /// <summary>How long a file is kept after its upload unless an unfinished job uses it; zero keeps files until deleted.</summary>
    public TimeSpan Retention { get; set; } = TimeSpan.FromDays(30);

    /// <summary>The largest page of a file list.</summary>
    public const int MaxPageSize = 100;
}
