using System.Diagnostics;
using System.Text;

namespace Platform.IntegrationTests.Infrastructure;

/// <summary>A script of another language (node, python3) run to its end, as the browser scenarios and the clients' tests run theirs.</summary>
public static class ScriptProcess
{
    /// <summary>
    /// Starts <paramref name="info"/> with its output redirected and waits for it to end; its exit code and its output,
    /// stdout and stderr interleaved and lines ended by "\n". Past <paramref name="timeout"/> it is killed, and the exit code is -1.
    /// </summary>
    public static async Task<(int ExitCode, string Output)> RunAsync(ProcessStartInfo info, string name, TimeSpan timeout)
    {
        (info.RedirectStandardOutput, info.RedirectStandardError, info.UseShellExecute) = (true, true, false);
        using var process = Process.Start(info) ?? throw new InvalidOperationException($"Could not start {info.FileName}.");
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
            Append(output, $"{name} was stopped after {timeout}.");
            return (-1, Text(output));
        }
        await process.WaitForExitAsync();
        return (process.ExitCode, Text(output));
    }

    private static void Append(StringBuilder output, string? line)
    {
        if (line is null)
            return;
        lock (output)
            output.AppendLine(line.Replace("\r", ""));
    }

    private static string Text(StringBuilder output)
    {
        lock (output)
            return output.ToString().Replace("\r\n", "\n");
    }
}
