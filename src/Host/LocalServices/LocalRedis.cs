using System.Diagnostics;

namespace Platform.Host.LocalServices;

/// <summary>A private redis-server, daemonized with its pid and port in a directory of ours so the next start can reuse it.</summary>
public sealed class LocalRedis : IAsyncDisposable
{
    private static readonly TimeSpan StartTimeout = TimeSpan.FromSeconds(20);
    private readonly LocalRedisOptions _options;
    private int _disposed;

    private LocalRedis(LocalRedisOptions options, string dataDirectory, int port, bool reused) =>
        (_options, DataDirectory, Port, Reused) = (options, dataDirectory, port, reused);

    public string DataDirectory { get; }

    public int Port { get; }

    /// <summary>The server was already running from this directory; this start only attached to it.</summary>
    public bool Reused { get; }

    /// <summary>StackExchange.Redis configuration.</summary>
    public string ConnectionString => $"127.0.0.1:{Port}";

    public static async Task<LocalRedis> StartAsync(LocalRedisOptions options, CancellationToken ct = default)
    {
        var server = FindServer();
        var directory = Path.GetFullPath(options.DataDirectory);
        Directory.CreateDirectory(directory);

        if (await RunningPortAsync(directory, ct) is { } running)
        {
            options.Logger?.LogInformation("Reusing the Redis server running on port {Port}", running);
            return new LocalRedis(options, directory, running, reused: true);
        }

        var port = options.Port ?? FreePort.Pick();
        await Command.RunAsync(server,
        [
            "--port", port.ToString(), "--bind", "127.0.0.1", "--dir", directory, "--daemonize", "yes",
            "--pidfile", PidFile(directory), "--logfile", Path.Combine(directory, "redis.log"),
            "--save", "", "--appendonly", "no", "--protected-mode", "yes",
        ], ct: ct);
        await File.WriteAllTextAsync(PortFile(directory), port.ToString(), ct);

        var waited = Stopwatch.StartNew();
        while (!await RedisPing.AnswersAsync(port, ct))
        {
            if (waited.Elapsed > StartTimeout)
                throw new InvalidOperationException($"redis-server did not answer on port {port} within {StartTimeout.TotalSeconds:0} s. {LogTail(directory)}");
            await Task.Delay(50, ct);
        }
        options.Logger?.LogInformation("Started Redis in {Directory} on port {Port}", directory, port);
        return new LocalRedis(options, directory, port, reused: false);
    }

    /// <summary>Stops the server started from this directory, if it still runs.</summary>
    public static async Task StopAsync(string dataDirectory)
    {
        if (ServerPid(Path.GetFullPath(dataDirectory)) is { } pid)
            await OsProcess.TerminateAsync(pid, grace: TimeSpan.FromSeconds(5));
    }

    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _disposed, 1) == 1)
            return;
        if (_options.StopOnDispose || _options.Throwaway)
            await StopAsync(DataDirectory);
        if (_options.Throwaway && Directory.Exists(DataDirectory))
            Directory.Delete(DataDirectory, recursive: true);
    }

    private static async Task<int?> RunningPortAsync(string directory, CancellationToken ct)
    {
        var portFile = PortFile(directory);
        if (ServerPid(directory) is null || !File.Exists(portFile) || !int.TryParse(await File.ReadAllTextAsync(portFile, ct), out var port))
            return null;
        return await RedisPing.AnswersAsync(port, ct) ? port : null;
    }

    /// <summary>The pid in the pid file, when that process is alive and (where the system tells) is a redis-server.</summary>
    private static int? ServerPid(string directory)
    {
        var pidFile = PidFile(directory);
        if (!File.Exists(pidFile) || !int.TryParse(File.ReadAllText(pidFile).Trim(), out var pid))
            return null;
        return OsProcess.IsAlive(pid) && OsProcess.NameOf(pid) is null or "redis-server" ? pid : null;
    }

    private static string PidFile(string directory) => Path.Combine(directory, "redis.pid");

    private static string PortFile(string directory) => Path.Combine(directory, "redis.port");

    private static string LogTail(string directory)
    {
        var log = Path.Combine(directory, "redis.log");
        return File.Exists(log) ? "Its log ends with:\n" + string.Join('\n', File.ReadLines(log).TakeLast(5)) : "It wrote no log.";
    }

    private static string FindServer()
    {
        var configured = Environment.GetEnvironmentVariable("PLATFORM_REDIS_SERVER");
        IEnumerable<string> candidates = !string.IsNullOrEmpty(configured)
            ? [configured]
            : (Environment.GetEnvironmentVariable("PATH") ?? "").Split(':', StringSplitOptions.RemoveEmptyEntries)
                .Select(dir => Path.Combine(dir, "redis-server"))
                .Append("/usr/bin/redis-server");
        return candidates.FirstOrDefault(File.Exists)
            ?? throw new LocalServiceMissingException(
                "redis-server was not found. Install Redis (Debian/Ubuntu: apt-get install redis-server) " +
                "or set ConnectionStrings:Redis to an existing server.");
    }
}
