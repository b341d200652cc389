using System.Runtime.Versioning;

namespace Platform.Host.LocalServices;

/// <summary>Makes a data directory usable by the OS user the server runs as.</summary>
internal static class PostgresDataDirectory
{
    public static async Task PrepareAsync(string directory, string? serverUser, CancellationToken ct)
    {
        var created = MissingDirectories(directory);
        Directory.CreateDirectory(directory);
        // Only root hands the server to another OS user, and root is a Unix thing.
        if (serverUser is null || OperatingSystem.IsWindows())
            return;

        // Folders we just made must let the server user through even under a strict umask;
        // folders that existed keep their permissions, and a blocking one is reported instead.
        foreach (var folder in created.Where(folder => folder != directory))
            File.SetUnixFileMode(folder, File.GetUnixFileMode(folder) | UnixFileMode.OtherExecute);
        await Command.RunAsync("chown", ["-R", $"{serverUser}:", directory], ct: ct);

        if (await Command.ExitCodeAsync("test", ["-w", directory], serverUser, ct) == 0)
            return;
        var explanation = Unreachable(directory, serverUser);
        foreach (var folder in created)
            Directory.Delete(folder);
        throw new LocalServiceException(explanation);
    }

    private static List<string> MissingDirectories(string directory)
    {
        var missing = new List<string>();
        for (var folder = directory; folder is not null && !Directory.Exists(folder); folder = Path.GetDirectoryName(folder))
            missing.Add(folder);
        return missing;
    }

    [UnsupportedOSPlatform("windows")]
    private static string Unreachable(string directory, string serverUser)
    {
        var blocking = Ancestors(directory).FirstOrDefault(folder => !File.GetUnixFileMode(folder).HasFlag(UnixFileMode.OtherExecute));
        var fix = blocking is null ? "" : $" {blocking} does not let other users through: chmod o+x {blocking}, or";
        return $"The '{serverUser}' OS user, which runs PostgreSQL for root, cannot reach {directory}.{fix} " +
            "put the data directory elsewhere (Platform:DataPath), or set ConnectionStrings:Postgres to an existing server.";
    }

    private static IEnumerable<string> Ancestors(string directory)
    {
        var folders = new Stack<string>();
        for (var folder = Path.GetDirectoryName(directory); folder is not null; folder = Path.GetDirectoryName(folder))
            folders.Push(folder);
        return folders;
    }
}
