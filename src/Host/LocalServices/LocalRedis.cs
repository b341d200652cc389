using System.Diagnostics;
using System.Net.Sockets;
using System.Text;

namespace Platform.Host.LocalServices;

public sealed class LocalRedisOptions
{
    public required string DataDirectory { get; init; }

    public int? Port { get; init; }

    public bool Throwaway { get; init; }

    public bool StopOnDispose { get; init; }

    public ILogger? Logger { get; init; }
}

/// <summary>A private redis-server, daemonized with its pid and port in a directory of ours so the next start can reuse it.</summary>
public sealed class LocalRedis : IAsyncDisposable
{
    private readonly LocalRedisOptions _options;
    private readonly bool _startedHere;

    private LocalRedis(LocalRedisOptions options, int port, bool startedHere) =>
        (_options, Port, _startedHere) = (options, port, startedHere);

    public int Port { get; }

    /// <summary>StackExchange.Redis configuration.</summary>
    public string ConnectionString => $"127.0.0.1:{Port}";

    public static async Task<LocalRedis> StartAsync(LocalRedisOptions options, CancellationToken ct = default)
    {
        var server = FindServer();
        var directory = Path.GetFullPath(options.DataDirectory);
        Directory.CreateDirectory(directory);
        var portFile = Path.Combine(directory, "redis.port");

        if (File.Exists(portFile) && int.TryParse(await File.ReadAllTextAsync(portFile, ct), out var running) && await AnswersPingAsync(running))
        {
            options.Logger?.LogInformation("Reusing the Redis server running on port {Port}", running);
            return new LocalRedis(options, running, startedHere: false);
        }

        var port = options.Port ?? FreePort.Pick();
        await Command.RunAsync(server,
        [
            "--port", port.ToString(), "--bind", "127.0.0.1", "--dir", directory, "--daemonize", "yes",
            "--pidfile", Path.Combine(directory, "redis.pid"), "--logfile", Path.Combine(directory, "redis.log"),
            "--save", "", "--appendonly", "no", "--protected-mode", "yes",
        ], ct: ct);
        await File.WriteAllTextAsync(portFile, port.ToString(), ct);

        var deadline = Stopwatch.StartNew();
        while (!await AnswersPingAsync(port))
        {
            if (deadline.Elapsed > TimeSpan.FromSeconds(20))
                throw new InvalidOperationException($"redis-server did not answer on port {port}: {LogTail(directory)}");
            await Task.Delay(50, ct);
        }
        return new LocalRedis(options, port, startedHere: true);
    }

    public async ValueTask DisposeAsync()
    {
        var directory = Path.GetFullPath(_options.DataDirectory);
        if (_startedHere && _options.StopOnDispose || _options.Throwaway)
            await StopAsync(directory);
        if (_options.Throwaway)
            Directory.Delete(directory, recursive: true);
    }

    private static async Task StopAsync(string directory)
    {
        var pidFile = Path.Combine(directory, "redis.pid");
        if (!File.Exists(pidFile) || !int.TryParse(await File.ReadAllTextAsync(pidFile), out var pid))
            return;
        try
        {
            using var process = Process.GetProcessById(pid);
            process.Kill();
            await process.WaitForExitAsync().WaitAsync(TimeSpan.FromSeconds(5));
        }
        catch (Exception e) when (e is ArgumentException or InvalidOperationException or TimeoutException)
        {
            // Already gone.
        }
    }

    private static async Task<bool> AnswersPingAsync(int port)
    {
        try
        {
            using var client = new TcpClient();
            await client.ConnectAsync("127.0.0.1", port).WaitAsync(TimeSpan.FromSeconds(1));
            var stream = client.GetStream();
            await stream.WriteAsync("PING\r\n"u8.ToArray());
            var buffer = new byte[16];
            var read = await stream.ReadAsync(buffer).AsTask().WaitAsync(TimeSpan.FromSeconds(1));
            return Encoding.ASCII.GetString(buffer, 0, read).StartsWith("+PONG", StringComparison.Ordinal);
        }
        catch (Exception e) when (e is SocketException or IOException or TimeoutException)
        {
            return false;
        }
    }

    private static string LogTail(string directory)
    {
        var log = Path.Combine(directory, "redis.log");
        return File.Exists(log) ? string.Join('\n', File.ReadLines(log).TakeLast(5)) : "(no log)";
    }

    private static string FindServer()
    {
        var candidates = new List<string>();
        if (Environment.GetEnvironmentVariable("PLATFORM_REDIS_SERVER") is { Length: > 0 } configured)
            candidates.Add(configured);
        else
        {
            candidates.AddRange((Environment.GetEnvironmentVariable("PATH") ?? "").Split(':', StringSplitOptions.RemoveEmptyEntries)
                .Select(dir => Path.Combine(dir, "redis-server")));
            candidates.Add("/usr/bin/redis-server");
        }
        return candidates.FirstOrDefault(File.Exists)
            ?? throw new LocalServiceException(
                "redis-server was not found. Install Redis (Debian/Ubuntu: apt-get install redis-server) " +
                "or set ConnectionStrings:Redis to an existing server.");
    }
}
