using System.Text.RegularExpressions;
using Platform.Storage.Settings;

namespace Platform.Storage.Objects;

/// <summary>The <c>Storage</c> configuration section: where artifacts and uploaded files are kept.</summary>
public sealed class StorageOptions
{
    public const string Section = "Storage";

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

    public static void Rules(SettingsRules<StorageOptions> rules)
    {
        rules.NotEmpty(o => o.Path).Positive(o => o.OrphanSweepInterval).Positive(o => o.OrphanGrace);
        if (rules.Value.Kind == StorageKind.S3)
            S3StorageOptions.Rules(rules);
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

    /// <summary>The rules of <c>Storage:S3</c>, which hold when <c>Storage:Kind</c> is <c>S3</c>.</summary>
    public static void Rules(SettingsRules<StorageOptions> rules) => rules
        .Check(o => o.S3.Bucket, bucket => BucketName().IsMatch(bucket ?? ""),
            "a bucket name: 3 to 63 lower-case letters, digits, '.' and '-', starting and ending with a letter or digit")
        .Check(o => o.S3.ServiceUrl, url => string.IsNullOrWhiteSpace(url)
                || Uri.TryCreate(url, UriKind.Absolute, out var absolute) && (absolute.Scheme == Uri.UriSchemeHttp || absolute.Scheme == Uri.UriSchemeHttps),
            "an absolute http or https URL, e.g. http://minio:9000, or left out for AWS S3")
        .NotEmpty(o => o.S3.Region)
        .Check(o => o.S3.SecretKey, secret => string.IsNullOrEmpty(secret) == string.IsNullOrEmpty(rules.Value.S3.AccessKey),
            "given together with Storage:S3:AccessKey, or neither for unsigned requests", secret: true);

    [GeneratedRegex("^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$")]
    private static partial Regex BucketName();
}
