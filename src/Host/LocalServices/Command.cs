using System.Diagnostics;

namespace Platform.Host.LocalServices;

/// <summary>Runs a server tool to completion, as another OS user when asked, and fails with its output.</summary>
internal static class Command
{
    public static bool IsRoot => Environment.UserName == "root";

    public static async Task<string> RunAsync(string program, IEnumerable<string> arguments, string? asUser = null, CancellationToken ct = default)
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
            foreach (var argument in new[] { "-u", asUser, "--", program })
                info.ArgumentList.Add(argument);
        }
        foreach (var argument in arguments)
            info.ArgumentList.Add(argument);

        using var process = Process.Start(info) ?? throw new InvalidOperationException($"Could not start {program}.");
        var output = process.StandardOutput.ReadToEndAsync(ct);
        var error = process.StandardError.ReadToEndAsync(ct);
        await process.WaitForExitAsync(ct);
        var all = (await output + await error).Trim();
        if (process.ExitCode != 0)
            throw new InvalidOperationException($"{Path.GetFileName(program)} {string.Join(' ', info.ArgumentList)} failed ({process.ExitCode}): {all}");
        return all;
    }

    public static async Task<int> ExitCodeAsync(string program, IEnumerable<string> arguments, string? asUser = null)
    {
        try
        {
            await RunAsync(program, arguments, asUser);
            return 0;
        }
        catch (InvalidOperationException)
        {
            return 1;
        }
    }
}
