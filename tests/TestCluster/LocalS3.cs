using System.Diagnostics;
using System.Text.Json;
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

    private static readonly TimeSpan StartTimeout = TimeSpan.FromSeconds(30);
    private readonly Process _process;
    private readonly string _folder;

    private LocalS3(Process process, string folder, int port) => (_process, _folder, ServiceUrl) = (process, folder, $"http://127.0.0.1:{port}");

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
        var script = Path.Combine(RepositoryRoot(), "tests", "Browser", "s3rver.mjs");
        if (!Directory.Exists(Path.Combine(Path.GetDirectoryName(script)!, "node_modules", "s3rver")))
            throw new InvalidOperationException($"s3rver is not installed next to {script}: run 'npm ci' there (building tests/IntegrationTests does).");
        var folder = Path.Combine(Path.GetTempPath(), $"platform-s3-{Path.GetRandomFileName()}");
        Directory.CreateDirectory(folder);
        var info = new ProcessStartInfo("node")
        {
            WorkingDirectory = Path.GetDirectoryName(script)!,
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        // s3rver seals a listing's continuation token with DES, which OpenSSL 3 keeps in its legacy provider only: without
        // it every listing past the first page fails with an internal error.
        info.ArgumentList.Add("--openssl-legacy-provider");
        info.ArgumentList.Add(script);
        info.ArgumentList.Add(folder);
        var process = Process.Start(info) ?? throw new InvalidOperationException("Could not start node.");
        var errors = process.StandardError.ReadToEndAsync();
        try
        {
            using var deadline = new CancellationTokenSource(StartTimeout);
            var line = await process.StandardOutput.ReadLineAsync(deadline.Token)
                ?? throw new InvalidOperationException($"s3rver exited before it listened: {await errors}");
            return new LocalS3(process, folder, JsonDocument.Parse(line).RootElement.GetProperty("port").GetInt32());
        }
        catch
        {
            process.Kill(entireProcessTree: true);
            process.Dispose();
            Directory.Delete(folder, recursive: true);
            throw;
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
            await _process.WaitForExitAsync();
        }
        _process.Dispose();
        if (Directory.Exists(_folder))
            Directory.Delete(_folder, recursive: true);
    }

    private static string RepositoryRoot()
    {
        for (var folder = new DirectoryInfo(AppContext.BaseDirectory); folder is not null; folder = folder.Parent)
            if (File.Exists(Path.Combine(folder.FullName, "Platform.sln")))
                return folder.FullName;
        throw new InvalidOperationException($"No Platform.sln above {AppContext.BaseDirectory}.");
    }
}
