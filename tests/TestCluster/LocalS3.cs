using Amazon.S3;
using Platform.Storage.Objects;

namespace Platform.TestCluster;

/// <summary>
/// A throwaway S3-compatible server: s3rver (tests/Browser/node_modules) run by node on a free loopback port over a temporary
/// folder, stopped and its folder deleted on dispose. It also ends by itself when the process that started it does.
/// </summary>
public sealed class LocalS3 : IAsyncDisposable
{
    /// <summary>s3rver's one account.</summary>
    public const string AccessKey = "S3RVER";

    public const string SecretKey = "S3RVER";

    private readonly NodeServer _server;
    private readonly string _folder;

    private LocalS3(NodeServer server, string folder) => (_server, _folder, ServiceUrl) = (server, folder, $"http://127.0.0.1:{server.Port}");

    public string ServiceUrl { get; }

    /// <summary>The host settings that keep objects in <paramref name="bucket"/> on this server, created at start-up.</summary>
    public Dictionary<string, string> HostSettings(string bucket) => new()
    {
        ["Storage:Kind"] = "S3",
        ["Storage:S3:ServiceUrl"] = ServiceUrl,
        ["Storage:S3:Bucket"] = bucket,
        ["Storage:S3:AccessKey"] = AccessKey,
        ["Storage:S3:SecretKey"] = SecretKey,
    };

    /// <summary>A client of this server with its account's keys, for a test that looks in a bucket itself.</summary>
    public AmazonS3Client CreateClient() =>
        S3ObjectStore.CreateClient(new S3StorageOptions { ServiceUrl = ServiceUrl, AccessKey = AccessKey, SecretKey = SecretKey });

    public static async Task<LocalS3> StartAsync()
    {
        var folder = Path.Combine(Path.GetTempPath(), $"platform-s3-{Path.GetRandomFileName()}");
        Directory.CreateDirectory(folder);
        try
        {
            // s3rver seals a listing's continuation token with DES, which OpenSSL 3 keeps in its legacy provider only: without
            // it every listing past the first page fails with an internal error.
            return new LocalS3(await NodeServer.StartAsync("s3rver", "--openssl-legacy-provider", "s3rver.mjs", folder), folder);
        }
        catch
        {
            Directory.Delete(folder, recursive: true);
            throw;
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _server.DisposeAsync();
        if (Directory.Exists(_folder))
            Directory.Delete(_folder, recursive: true);
    }
}
