using System.Diagnostics;
using System.Runtime.InteropServices;

namespace Platform.Host.LocalServices;

/// <summary>Looks at and signals processes we did not start ourselves, such as a daemonized server from an earlier run.</summary>
internal static class OsProcess
{
    private const int SignalTerminate = 15;
    private const int SignalKill = 9;

    public static bool IsAlive(int pid)
    {
        if (pid <= 0)
            return false;
        if (ReadProc(pid, "stat") is { } stat)
            // An exited child nobody reaped yet is a zombie: it has a pid but no server behind it.
            return stat[(stat.LastIndexOf(')') + 2)..] is not ['Z', ..] and not ['X', ..];
        try
        {
            using var process = Process.GetProcessById(pid);
            return !process.HasExited;
        }
        catch (Exception e) when (e is ArgumentException or InvalidOperationException)
        {
            return false;
        }
    }

    /// <summary>The program name of a process, or null where the system does not tell (no /proc).</summary>
    public static string? NameOf(int pid) => ReadProc(pid, "comm")?.Trim();

    /// <summary>Asks the process to exit, and kills it when it has not within the grace period.</summary>
    public static async Task TerminateAsync(int pid, TimeSpan grace)
    {
        Kill(pid, SignalTerminate);
        var waited = Stopwatch.StartNew();
        while (IsAlive(pid))
        {
            if (waited.Elapsed > grace)
            {
                Kill(pid, SignalKill);
                return;
            }
            await Task.Delay(50);
        }
    }

    private static string? ReadProc(int pid, string file)
    {
        try
        {
            return File.ReadAllText($"/proc/{pid}/{file}");
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return null;
        }
    }

    [DllImport("libc", EntryPoint = "kill", SetLastError = true)]
    private static extern int Kill(int pid, int signal);
}
