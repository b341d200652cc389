using System.Text.RegularExpressions;

namespace Platform.Storage.Objects;

/// <summary>The <c>Storage</c> configuration section: where artifacts and uploaded files are kept.</summary>
public sealed class StorageOptions
{
    /// <summary><c>Local</c> (a folder, the default) or <c>S3</c> (any S3-compatible server, shared by hosts on several machines).</summary>
    public StorageKind Kind { get; set; } = StorageKind.Local;

    /// <summary>The local store's folder, relative to the content root unless absolute.</summary>
    public string Path { get; set; } = System.IO.Path.Combine(".data", "objects");

    public S3StorageOptions S3 { get; set; } = new();

    /// <summary>How often each host sweeps the store for objects no row names (files, upload parts, finished jobs' artifacts).</summary>
    public TimeSpan OrphanSweepInterval { get; set; } = TimeSpan.FromHours(1);

    /// <summary>
    /// How old an object no row names must be before the sweep removes it: longer than any upload takes between its
    /// bytes being stored and its row, so nothing is swept out from under an upload still on its way.
    /// </summary>
    public TimeSpan OrphanGrace { get; set; } = TimeSpan.FromDays(1);

    /// <summary>What is wrong with these settings, each naming its setting; empty when nothing is.</summary>
    public IReadOnlyList<string> Problems()
    {
        var problems = new List<string>();
        if (OrphanSweepInterval <= TimeSpan.Zero)
            problems.Add("Storage:OrphanSweepInterval must be positive.");
        if (OrphanGrace <= TimeSpan.Zero)
            problems.Add("Storage:OrphanGrace must be positive.");
        if (Kind == StorageKind.S3)
            problems.AddRange(S3.Problems());
        return problems;
    }
}

public enum StorageKind
{
    Local,
    S3,
}

/// <summary>The <c>Storage:S3</c> section.</summary>
public sealed partial class S3StorageOptions
{
    /// <summary>The server's address, e.g. <c>http://minio:9000</c>; empty for AWS itself.</summary>
    public string? ServiceUrl { get; set; }

    public string Region { get; set; } = "us-east-1";

    public string Bucket { get; set; } = "platform";

    public string? AccessKey { get; set; }

    public string? SecretKey { get; set; }

    /// <summary>Bucket in the path rather than the host name, as MinIO and most self-hosted servers expect.</summary>
    public bool ForcePathStyle { get; set; } = true;

    /// <summary>Creates the bucket at start-up when it does not exist.</summary>
    public bool CreateBucket { get; set; } = true;

    /// <summary>What is wrong with these settings, each naming its setting; empty when nothing is.</summary>
    public IReadOnlyList<string> Problems()
    {
        var problems = new List<string>();
        if (string.IsNullOrWhiteSpace(Bucket))
            problems.Add("Storage:S3:Bucket must name the bucket when Storage:Kind is S3.");
        else if (!BucketName().IsMatch(Bucket))
            problems.Add($"Storage:S3:Bucket '{Bucket}' is not a bucket name: 3 to 63 lower-case letters, digits, '.' and '-', starting and ending with a letter or digit.");
        if (!string.IsNullOrWhiteSpace(ServiceUrl)
            && !(Uri.TryCreate(ServiceUrl, UriKind.Absolute, out var url) && (url.Scheme == Uri.UriSchemeHttp || url.Scheme == Uri.UriSchemeHttps)))
            problems.Add($"Storage:S3:ServiceUrl '{ServiceUrl}' must be an absolute http or https URL, e.g. http://minio:9000.");
        if (string.IsNullOrWhiteSpace(Region))
            problems.Add("Storage:S3:Region must not be empty.");
        if (string.IsNullOrEmpty(AccessKey) != string.IsNullOrEmpty(SecretKey))
            problems.Add("Storage:S3:AccessKey and Storage:S3:SecretKey go together: give both, or neither for unsigned requests.");
        return problems;
    }

    [GeneratedRegex("^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$")]
    private static partial Regex BucketName();
}
