using System.Runtime.InteropServices;

namespace Platform.Load.Measuring;

/// <summary>Thousands of connections need thousands of sockets: raise this process's open-files limit (hosts it starts inherit it).</summary>
public static partial class FileLimit
{
    private const int OpenFiles = 7; // RLIMIT_NOFILE on Linux

    /// <summary>Raises the soft limit to the hard one; returns the limit now in force, or null where it cannot be read.</summary>
    public static ulong? RaiseToMaximum()
    {
        if (!OperatingSystem.IsLinux() || GetLimit(OpenFiles, out var limit) != 0)
            return null;
        if (limit.Current < limit.Maximum)
        {
            var raised = limit with { Current = limit.Maximum };
            if (SetLimit(OpenFiles, ref raised) == 0)
                return raised.Current;
        }
        return limit.Current;
    }

    [StructLayout(LayoutKind.Sequential)]
    private record struct Limit(ulong Current, ulong Maximum);

    [DllImport("libc", EntryPoint = "getrlimit", SetLastError = true)]
    private static extern int GetLimit(int resource, out Limit limit);

    [DllImport("libc", EntryPoint = "setrlimit", SetLastError = true)]
    private static extern int SetLimit(int resource, ref Limit limit);
}
