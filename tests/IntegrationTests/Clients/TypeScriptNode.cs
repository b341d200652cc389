using System.Diagnostics;
using System.Text;
using Platform.IntegrationTests.Browser;

namespace Platform.IntegrationTests.Clients;

/// <summary>A node process of the TypeScript client's package or of a Node sample, its stdout and stderr kept interleaved.</summary>
public sealed class TypeScriptNode : IAsyncDisposable
{
    public static readonly string Package = Path.Combine(BrowserScript.RepositoryRoot, "clients", "typescript");

    private readonly Process _process;
    private readonly StringBuilder _output = new();

    private TypeScriptNode(Process process) => _process = process;

    public string Output
    {
        get
        {
            lock (_output)
                return _output.ToString();
        }
    }

    public bool HasExited => _process.HasExited;

    public static TypeScriptNode Start(string folder, IReadOnlyDictionary<string, string> environment, params string[] arguments)
    {
        var info = new ProcessStartInfo("node")
        {
            WorkingDirectory = folder,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var argument in arguments)
            info.ArgumentList.Add(argument);
        foreach (var (name, value) in environment)
            info.Environment[name] = value;
        var node = new TypeScriptNode(Process.Start(info) ?? throw new InvalidOperationException("Could not start node."));
        node._process.OutputDataReceived += (_, e) => node.Keep(e.Data);
        node._process.ErrorDataReceived += (_, e) => node.Keep(e.Data);
        node._process.BeginOutputReadLine();
        node._process.BeginErrorReadLine();
        return node;
    }

    /// <summary>Runs node to its end and answers its exit code, or -1 when it was stopped after <paramref name="timeout"/>.</summary>
    public static async Task<(int ExitCode, string Output)> RunAsync(string folder, IReadOnlyDictionary<string, string> environment, TimeSpan timeout,
        params string[] arguments)
    {
        await using var node = Start(folder, environment, arguments);
        var exitCode = await node.WaitForExitAsync(timeout);
        return (exitCode, node.Output);
    }

    public async Task<int> WaitForExitAsync(TimeSpan timeout)
    {
        using var deadline = new CancellationTokenSource(timeout);
        try
        {
            await _process.WaitForExitAsync(deadline.Token);
            // The last lines are read after the exit itself.
            await _process.WaitForExitAsync();
            return _process.ExitCode;
        }
        catch (OperationCanceledException)
        {
            Keep($"node was stopped after {timeout}.");
            await KillAsync();
            return -1;
        }
    }

    /// <summary>Asks the process to stop as a service manager would (SIGTERM).</summary>
    public void Terminate()
    {
        if (!_process.HasExited)
            Process.Start("kill", ["-TERM", _process.Id.ToString()])!.WaitForExit();
    }

    public async Task KillAsync()
    {
        if (_process.HasExited)
            return;
        _process.Kill(entireProcessTree: true);
        await _process.WaitForExitAsync();
    }

    public async ValueTask DisposeAsync()
    {
        await KillAsync();
        _process.Dispose();
    }

    private void Keep(string? line)
    {
        if (line is null)
            return;
        lock (_output)
            _output.AppendLine(line);
    }
}
