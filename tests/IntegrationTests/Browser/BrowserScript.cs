using System.Diagnostics;
using Platform.IntegrationTests.Infrastructure;

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
        var info = new ProcessStartInfo("node") { WorkingDirectory = Path.Combine(RepositoryRoot, "tests", "Browser") };
        info.ArgumentList.Add(script);
        foreach (var argument in arguments)
            info.ArgumentList.Add(argument);
        var (exitCode, output) = await ScriptProcess.RunAsync(info, script, timeout);
        return new Result(exitCode, output);
    }

    private static string FindRepositoryRoot()
    {
        for (var folder = new DirectoryInfo(AppContext.BaseDirectory); folder is not null; folder = folder.Parent)
            if (File.Exists(Path.Combine(folder.FullName, "Platform.sln")))
                return folder.FullName;
        throw new InvalidOperationException($"No Platform.sln above {AppContext.BaseDirectory}.");
    }
}
