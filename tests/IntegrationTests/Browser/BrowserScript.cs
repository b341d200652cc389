using System.Diagnostics;
using System.Text;

namespace Platform.IntegrationTests.Browser;

/// <summary>A node script of tests/Browser, driving Debian's chromium through playwright-core.</summary>
public static class BrowserScript
{
    public const string Chromium = "/usr/bin/chromium";

    public static readonly string RepositoryRoot = FindRepositoryRoot();

    public sealed record Result(int ExitCode, string Output);

    /// <summary>Runs <c>node tests/Browser/{script} {arguments}</c> and returns its exit code with stdout and stderr interleaved.</summary>
    public static async Task<Result> RunAsync(string script, TimeSpan timeout, params string[] arguments)
    {
        if (!File.Exists(Chromium))
            return new Result(-1, $"{Chromium} is missing: install Debian's chromium (apt-get install chromium).");
        var info = new ProcessStartInfo("node")
        {
            WorkingDirectory = Path.Combine(RepositoryRoot, "tests", "Browser"),
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        info.ArgumentList.Add(script);
        foreach (var argument in arguments)
            info.ArgumentList.Add(argument);

        using var process = Process.Start(info) ?? throw new InvalidOperationException("Could not start node.");
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
            Append(output, $"{script} was stopped after {timeout}.");
            return new Result(-1, Text(output));
        }
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

    private static string FindRepositoryRoot()
    {
        for (var folder = new DirectoryInfo(AppContext.BaseDirectory); folder is not null; folder = folder.Parent)
            if (File.Exists(Path.Combine(folder.FullName, "Platform.sln")))
                return folder.FullName;
        throw new InvalidOperationException($"No Platform.sln above {AppContext.BaseDirectory}.");
    }
}
