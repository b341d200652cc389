namespace Platform.Host.LocalServices;

/// <summary>
/// The installed PostgreSQL server programs, run as the <c>postgres</c> OS user when we are root,
/// because the server refuses to run as root.
/// </summary>
internal sealed class PostgresTools
{
    public const string ServerUser = "postgres";

    private readonly string _binaries;

    private PostgresTools(string binaries, string? runAs) => (_binaries, RunAs) = (binaries, runAs);

    /// <summary>The OS user the tools run as; null for the current user.</summary>
    public string? RunAs { get; }

    public static async Task<PostgresTools> FindAsync(CancellationToken ct)
    {
        var binaries = FindBinaries();
        if (!Command.IsRoot)
            return new PostgresTools(binaries, runAs: null);
        if (await Command.ExitCodeAsync("id", ["-u", ServerUser], ct: ct) != 0)
            throw new LocalServiceMissingException(
                $"PostgreSQL refuses to run as root and there is no '{ServerUser}' OS user to run it as. " +
                $"Create one (useradd --system {ServerUser}) or set ConnectionStrings:Postgres to an existing server.");
        return new PostgresTools(binaries, ServerUser);
    }

    public Task<string> RunAsync(string tool, IEnumerable<string> arguments, CancellationToken ct) =>
        Command.RunAsync(Path.Combine(_binaries, tool), arguments, RunAs, ct);

    public Task<int> ExitCodeAsync(string tool, IEnumerable<string> arguments, CancellationToken ct) =>
        Command.ExitCodeAsync(Path.Combine(_binaries, tool), arguments, RunAs, ct);

    private static string FindBinaries()
    {
        // An explicit folder is the only place looked at, so a wrong one is reported rather than silently replaced.
        var configured = Environment.GetEnvironmentVariable("PLATFORM_POSTGRES_BIN");
        IEnumerable<string> candidates = !string.IsNullOrEmpty(configured)
            ? [configured]
            : InstalledVersions().Concat((Environment.GetEnvironmentVariable("PATH") ?? "").Split(':', StringSplitOptions.RemoveEmptyEntries));

        return candidates.FirstOrDefault(dir => File.Exists(Path.Combine(dir, "initdb")) && File.Exists(Path.Combine(dir, "pg_ctl")))
            ?? throw new LocalServiceMissingException(
                "PostgreSQL server binaries (initdb, pg_ctl) were not found. Install PostgreSQL " +
                "(Debian/Ubuntu: apt-get install postgresql) or set ConnectionStrings:Postgres to an existing server.");
    }

    // Debian installs each major version side by side; the newest wins.
    private static IEnumerable<string> InstalledVersions() =>
        Directory.Exists("/usr/lib/postgresql")
            ? Directory.GetDirectories("/usr/lib/postgresql")
                .OrderByDescending(version => int.TryParse(Path.GetFileName(version), out var major) ? major : 0)
                .Select(version => Path.Combine(version, "bin"))
            : [];
}
