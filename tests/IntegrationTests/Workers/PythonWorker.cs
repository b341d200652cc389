using System.Diagnostics;
using System.Text;
using Platform.IntegrationTests.Browser;

namespace Platform.IntegrationTests.Workers;

/// <summary>The sample worker, <c>samples/PythonWorker/worker.py</c>, as a process of its own under Debian's python3.</summary>
public sealed class PythonWorker : IAsyncDisposable
{
    private readonly Process _process;
    private readonly StringBuilder _output = new();

    private PythonWorker(Process process) => _process = process;

    public string Output
    {
        get
        {
            lock (_output)
                return _output.ToString();
        }
    }

    public static PythonWorker Start(Uri platform, string apiKey, string name, string types = "mandelbrot")
    {
        var info = new ProcessStartInfo("/usr/bin/python3")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        info.ArgumentList.Add(Path.Combine(BrowserScript.RepositoryRoot, "samples", "PythonWorker", "worker.py"));
        info.Environment["PLATFORM_URL"] = platform.ToString();
        info.Environment["PLATFORM_API_KEY"] = apiKey;
        info.Environment["WORKER_NAME"] = name;
        info.Environment["WORKER_TYPES"] = types;
        var worker = new PythonWorker(Process.Start(info) ?? throw new InvalidOperationException("Could not start python3."));
        worker._process.OutputDataReceived += (_, e) => worker.Keep(e.Data);
        worker._process.ErrorDataReceived += (_, e) => worker.Keep(e.Data);
        worker._process.BeginOutputReadLine();
        worker._process.BeginErrorReadLine();
        return worker;
    }

    /// <summary>Ends the worker at once with SIGKILL, as if its machine died: it hands nothing back.</summary>
    public async Task KillAsync()
    {
        if (_process.HasExited)
            return;
        _process.Kill();
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
