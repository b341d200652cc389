using System.Diagnostics;
using System.Text.Json;

namespace Platform.TestCluster;

/// <summary>
/// A test server written in Node (tests/Browser): node runs its script, which prints <c>{"port":…}</c> once it listens and
/// ends when its standard input closes, so it goes when the process that started it does.
/// </summary>
internal sealed class NodeServer(Process process, int port) : IAsyncDisposable
{
    private static readonly TimeSpan StartTimeout = TimeSpan.FromSeconds(30);

    public int Port { get; } = port;

    /// <summary>Runs node in tests/Browser with <paramref name="arguments"/> (a script and its own); <paramref name="package"/> must be installed there.</summary>
    public static async Task<NodeServer> StartAsync(string package, params string[] arguments)
    {
        var folder = Path.Combine(RepositoryRoot(), "tests", "Browser");
        if (!Directory.Exists(Path.Combine(folder, "node_modules", package)))
            throw new InvalidOperationException($"{package} is not installed in {folder}: run 'npm ci' there (building tests/IntegrationTests does).");
        var info = new ProcessStartInfo("node")
        {
            WorkingDirectory = folder,
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var argument in arguments)
            info.ArgumentList.Add(argument);
        var process = Process.Start(info) ?? throw new InvalidOperationException("Could not start node.");
        var errors = process.StandardError.ReadToEndAsync();
        try
        {
            using var deadline = new CancellationTokenSource(StartTimeout);
            var line = await process.StandardOutput.ReadLineAsync(deadline.Token)
                ?? throw new InvalidOperationException($"{package} exited before it listened: {await errors}");
            return new NodeServer(process, JsonDocument.Parse(line).RootElement.GetProperty("port").GetInt32());
        }
        catch
        {
            process.Kill(entireProcessTree: true);
            process.Dispose();
            throw;
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (!process.HasExited)
        {
            process.Kill(entireProcessTree: true);
            await process.WaitForExitAsync();
        }
        process.Dispose();
    }

    private static string RepositoryRoot()
    {
        for (var folder = new DirectoryInfo(AppContext.BaseDirectory); folder is not null; folder = folder.Parent)
            if (File.Exists(Path.Combine(folder.FullName, "Platform.sln")))
                return folder.FullName;
        throw new InvalidOperationException($"No Platform.sln above {AppContext.BaseDirectory}.");
    }
}
