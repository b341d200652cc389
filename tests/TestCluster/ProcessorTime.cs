namespace Platform.TestCluster;

/// <summary>Processor time a process and its children have used so far, read from <c>/proc</c>; zero where there is none.</summary>
public static class ProcessorTime
{
    // The kernel counts in clock ticks, a hundredth of a second on every Linux this runs on.
    private const double TicksPerSecond = 100;

    public static TimeSpan OfTree(int rootPid)
    {
        if (!OperatingSystem.IsLinux())
            return TimeSpan.Zero;
        var ticks = 0L;
        foreach (var directory in Directory.EnumerateDirectories("/proc"))
            if (int.TryParse(Path.GetFileName(directory), out var pid) && Read(pid) is var (parent, used) && (pid == rootPid || parent == rootPid))
                ticks += used;
        return TimeSpan.FromSeconds(ticks / TicksPerSecond);
    }

    // Fields after the command's closing parenthesis: state, ppid, ... utime and stime are the 14th and 15th overall.
    private static (int Parent, long Ticks)? Read(int pid)
    {
        try
        {
            var stat = File.ReadAllText($"/proc/{pid}/stat");
            var fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
            return (int.Parse(fields[1]), long.Parse(fields[11]) + long.Parse(fields[12]));
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or FormatException or IndexOutOfRangeException)
        {
            return null;
        }
    }
}
