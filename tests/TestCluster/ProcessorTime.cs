namespace Platform.TestCluster;

/// <summary>
/// Processor time a process and its children have used so far, read from <c>/proc</c>; zero where there is none. Children
/// that have ended count too (the root's waited-for children's time), so a server whose connections come and go, as
/// PostgreSQL's backends do, never seems to have used less than before.
/// </summary>
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
            if (int.TryParse(Path.GetFileName(directory), out var pid) && Read(pid) is var (parent, used, ended) && (pid == rootPid || parent == rootPid))
                ticks += pid == rootPid ? used + ended : used;
        return TimeSpan.FromSeconds(ticks / TicksPerSecond);
    }

    // Fields after the command's closing parenthesis: state, ppid, ... utime and stime are the 14th and 15th overall, the
    // ended children's cutime and cstime the 16th and 17th.
    private static (int Parent, long Ticks, long EndedChildrenTicks)? Read(int pid)
    {
        try
        {
            var stat = File.ReadAllText($"/proc/{pid}/stat");
            var fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
            return (int.Parse(fields[1]), long.Parse(fields[11]) + long.Parse(fields[12]), long.Parse(fields[13]) + long.Parse(fields[14]));
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or FormatException or IndexOutOfRangeException)
        {
            return null;
        }
    }
}
