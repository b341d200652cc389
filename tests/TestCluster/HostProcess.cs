using System.Diagnostics;

namespace Platform.TestCluster;

/// <summary>A Platform host running as its own process, from the Host binaries next to the program that started it.</summary>
public sealed class HostProcess : IAsyncDisposable
{
    private readonly Process _process;

    private HostProcess(Process process, Uri url) => (_process, Url) = (process, url);

    public Uri Url { get; }

    public int ProcessId => _process.Id;

    /// <summary>A Platform host.</summary>
    /// <param name="environment">Added to the process's environment variables.</param>
    public static Task<HostProcess> StartAsync(int port, IReadOnlyDictionary<string, string> settings, IReadOnlyDictionary<string, string>? environment = null) =>
        StartAsync(port, ["Platform.Host.dll"], settings, environment);

    /// <summary>Another ASP.NET Core program next to this one (<c>program[0]</c>, then its arguments), judged healthy by its /health/live.</summary>
    public static async Task<HostProcess> StartAsync(int port, string[] program, IReadOnlyDictionary<string, string> settings,
        IReadOnlyDictionary<string, string>? environment = null)
    {
        var url = new Uri($"http://127.0.0.1:{port}/");
        var info = new ProcessStartInfo("dotnet")
        {
            WorkingDirectory = AppContext.BaseDirectory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        info.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, program[0]));
        foreach (var argument in program[1..])
            info.ArgumentList.Add(argument);
        info.ArgumentList.Add($"--urls={url}");
        foreach (var (key, value) in settings)
            info.ArgumentList.Add($"--{key}={value}");
        info.Environment["ASPNETCORE_ENVIRONMENT"] = "Production";
        info.Environment["DOTNET_gcServer"] = "1";
        // Several hosts on one machine: each one's management listener on a loopback port the system picks.
        info.Environment["Management__Urls"] = "http://127.0.0.1:0";
        foreach (var (name, value) in environment ?? new Dictionary<string, string>())
            info.Environment[name] = value;

        var process = Process.Start(info) ?? throw new InvalidOperationException("Could not start a host process.");
        var output = new System.Collections.Concurrent.ConcurrentQueue<string>();
        process.OutputDataReceived += (_, e) => Keep(output, e.Data);
        process.ErrorDataReceived += (_, e) => Keep(output, e.Data);
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();

        using var http = new HttpClient { BaseAddress = url, Timeout = TimeSpan.FromSeconds(2) };
        var clock = Stopwatch.StartNew();
        while (clock.Elapsed < TimeSpan.FromSeconds(60))
        {
            if (process.HasExited)
                throw new InvalidOperationException($"The host on port {port} exited ({process.ExitCode}):\n{string.Join('\n', output)}");
            try
            {
                if ((await http.GetAsync("health/live")).IsSuccessStatusCode)
                    return new HostProcess(process, url);
            }
            catch (Exception e) when (e is HttpRequestException or TaskCanceledException)
            {
            }
            await Task.Delay(100);
        }
        process.Kill(entireProcessTree: true);
        throw new TimeoutException($"The host on port {port} did not become healthy:\n{string.Join('\n', output)}");
    }

    /// <summary>Resident memory of the host process, in bytes, from /proc.</summary>
    public long ResidentBytes()
    {
        var line = File.ReadLines($"/proc/{ProcessId}/status").First(l => l.StartsWith("VmRSS:", StringComparison.Ordinal));
        return long.Parse(line.Split(' ', StringSplitOptions.RemoveEmptyEntries)[1]) * 1024;
    }

    /// <summary>The processor time <paramref name="hosts"/> have used so far, together.</summary>
    public static TimeSpan ProcessorTimeOf(IEnumerable<HostProcess> hosts) => hosts.Aggregate(TimeSpan.Zero, (sum, host) => sum + host.ProcessorTime());

    /// <summary>The processor time the host process has used so far, user and system.</summary>
    public TimeSpan ProcessorTime()
    {
        _process.Refresh();
        return _process.TotalProcessorTime;
    }

    /// <summary>Asks the host to shut down, as a service manager does (SIGTERM), and waits until it has.</summary>
    public async Task StopAsync()
    {
        if (_process.HasExited)
            return;
        using (var terminate = Process.Start("kill", ["-TERM", _process.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)]))
            await terminate.WaitForExitAsync();
        await _process.WaitForExitAsync();
    }

    /// <summary>Ends the host at once with SIGKILL: no shutdown, no lease handed back, as if its machine died.</summary>
    public async Task KillAsync()
    {
        if (_process.HasExited)
            return;
        _process.Kill();
        await _process.WaitForExitAsync();
    }

    public async ValueTask DisposeAsync()
    {
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
            await _process.WaitForExitAsync();
        }
        _process.Dispose();
    }

    private static void Keep(System.Collections.Concurrent.ConcurrentQueue<string> output, string? line)
    {
        if (line is null)
            return;
        output.Enqueue(line);
        while (output.Count > 200)
            output.TryDequeue(out _);
    }
}
