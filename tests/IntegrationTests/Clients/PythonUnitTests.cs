using System.Diagnostics;
using System.Text;
using Platform.IntegrationTests.Browser;

namespace Platform.IntegrationTests.Clients;

/// <summary>
/// The Python client's own <c>unittest</c> tests (clients/python/tests), one module a run, under Debian's python3 with
/// the package on its path and the platform it tests named by environment variables.
/// </summary>
public static class PythonUnitTests
{
    public const string Python = "/usr/bin/python3";

    public static readonly string Folder = Path.Combine(BrowserScript.RepositoryRoot, "clients", "python");

    public sealed record Result(int ExitCode, string Output)
    {
        /// <summary>What went wrong, for a failure's message: unittest's report from its first failure, else all of it.</summary>
        public string Failures => Output.IndexOf("\n=====", StringComparison.Ordinal) is var at and >= 0 ? Output[(at + 1)..] : Output;
    }

    /// <summary>The test modules (<c>test_*.py</c>) but those given, by name without <c>.py</c>.</summary>
    public static TheoryData<string> Modules(params string[] except)
    {
        var modules = new TheoryData<string>();
        foreach (var file in Directory.GetFiles(Path.Combine(Folder, "tests"), "test_*.py").Order(StringComparer.Ordinal))
            if (Path.GetFileNameWithoutExtension(file) is var module && !except.Contains(module))
                modules.Add(module);
        return modules;
    }

    /// <summary>Runs <c>python3 -m unittest -v {module}</c>; its exit code, and its output with stdout and stderr interleaved.</summary>
    public static async Task<Result> RunAsync(string module, IReadOnlyDictionary<string, string> environment, TimeSpan timeout)
    {
        var info = new ProcessStartInfo(Python)
        {
            WorkingDirectory = Path.Combine(Folder, "tests"),
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var argument in new[] { "-m", "unittest", "-v", module })
            info.ArgumentList.Add(argument);
        info.Environment["PYTHONPATH"] = Folder;
        info.Environment["PYTHONDONTWRITEBYTECODE"] = "1";
        foreach (var (name, value) in environment)
            info.Environment[name] = value;

        using var process = Process.Start(info) ?? throw new InvalidOperationException($"Could not start {Python}.");
        var output = new StringBuilder();
        process.OutputDataReceived += (_, e) => Append(output, e.Data);
        process.ErrorDataReceived += (_, e) => Append(output, e.Data);
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        using var deadline = new CancellationTokenSource(timeout);
        try
        {
            await process.WaitForExitAsync(deadline.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            await process.WaitForExitAsync();
            Append(output, $"{module} was stopped after {timeout}.");
            return new Result(-1, Text(output));
        }
        await process.WaitForExitAsync();
        return new Result(process.ExitCode, Text(output));
    }

    private static void Append(StringBuilder output, string? line)
    {
        if (line is null)
            return;
        lock (output)
            output.AppendLine(line);
    }

    private static string Text(StringBuilder output)
    {
        lock (output)
            return output.ToString();
    }
}
