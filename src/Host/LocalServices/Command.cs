using System.Diagnostics;

namespace Platform.Host.LocalServices;

/// <summary>Runs a server tool to completion, as another OS user when asked, and fails with its output.</summary>
internal static class Command
{
    public static bool IsRoot => Environment.IsPrivilegedProcess;

    /// <summary>Runs the program and returns its output; a non-zero exit code throws with that output.</summary>
    public static async Task<string> RunAsync(string program, IEnumerable<string> arguments, string? asUser = null, CancellationToken ct = default)
    {
        var (exitCode, output, commandLine) = await ExecuteAsync(program, arguments, asUser, ct);
        if (exitCode != 0)
            throw new InvalidOperationException($"{commandLine} failed with exit code {exitCode}: {output}");
        return output;
    }

    public static async Task<int> ExitCodeAsync(string program, IEnumerable<string> arguments, string? asUser = null, CancellationToken ct = default) =>
        (await ExecuteAsync(program, arguments, asUser, ct)).ExitCode;

    private static async Task<(int ExitCode, string Output, string CommandLine)> ExecuteAsync(
        string program, IEnumerable<string> arguments, string? asUser, CancellationToken ct)
    {
        var info = new ProcessStartInfo
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        if (asUser is null)
            info.FileName = program;
        else
        {
            info.FileName = new[] { "/usr/sbin/runuser", "/sbin/runuser", "/usr/bin/runuser" }.FirstOrDefault(File.Exists) ?? "runuser";
            // The server user may not be allowed into our working directory, and PostgreSQL tools complain when they cannot return to it.
            info.WorkingDirectory = "/";
            foreach (var argument in new[] { "-u", asUser, "--", program })
                info.ArgumentList.Add(argument);
        }
        foreach (var argument in arguments)
            info.ArgumentList.Add(argument);
        var commandLine = $"{info.FileName} {string.Join(' ', info.ArgumentList)}";

        using var process = Process.Start(info) ?? throw new InvalidOperationException($"Could not start {commandLine}.");
        try
        {
            var output = process.StandardOutput.ReadToEndAsync(ct);
            var error = process.StandardError.ReadToEndAsync(ct);
            await process.WaitForExitAsync(ct);
            return (process.ExitCode, $"{await output}{await error}".Trim(), commandLine);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw;
        }
    }
}
