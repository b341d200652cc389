using Npgsql;

namespace Platform.Host.LocalServices;

public sealed class LocalPostgresOptions
{
    public required string DataDirectory { get; init; }

    /// <summary>The port for a server this starts; a free one when null. A running server keeps its own.</summary>
    public int? Port { get; init; }

    /// <summary>Delete the data directory when disposed.</summary>
    public bool Throwaway { get; init; }

    /// <summary>Stop the server when disposed; otherwise it stays up for the next start to reuse.</summary>
    public bool StopOnDispose { get; init; }

    /// <summary>More <c>-c name=value</c> server settings, e.g. to load pg_stat_statements for profiling.</summary>
    public IReadOnlyList<string> Settings { get; init; } = [];

    public ILogger? Logger { get; init; }
}

/// <summary>A private PostgreSQL server in a data directory of ours: created on first use, reused while it runs.</summary>
public sealed class LocalPostgres : IAsyncDisposable
{
    private const string ServerUser = "postgres";
    private readonly LocalPostgresOptions _options;
    private readonly string _binaries;
    private readonly bool _startedHere;

    private LocalPostgres(LocalPostgresOptions options, string binaries, int port, bool startedHere)
    {
        (_options, _binaries, Port, _startedHere) = (options, binaries, port, startedHere);
    }

    public int Port { get; }

    public string ConnectionString => ConnectionStringFor("postgres");

    public string ConnectionStringFor(string database) => new NpgsqlConnectionStringBuilder
    {
        Host = "127.0.0.1",
        Port = Port,
        Username = ServerUser,
        Database = database,
        MaxPoolSize = 50,
    }.ConnectionString;

    public static async Task<LocalPostgres> StartAsync(LocalPostgresOptions options, CancellationToken ct = default)
    {
        var binaries = FindBinaries();
        var directory = Path.GetFullPath(options.DataDirectory);
        var runAs = Command.IsRoot ? ServerUser : null;
        Directory.CreateDirectory(directory);
        if (runAs is not null)
            await Command.RunAsync("chown", ["-R", $"{ServerUser}:", directory], ct: ct);

        if (!File.Exists(Path.Combine(directory, "PG_VERSION")))
        {
            options.Logger?.LogInformation("Creating a PostgreSQL cluster in {Directory}", directory);
            await Command.RunAsync(Path.Combine(binaries, "initdb"),
                ["-D", directory, "-U", ServerUser, "-A", "trust", "-E", "UTF8", "--no-locale"], runAs, ct);
        }

        var control = Path.Combine(binaries, "pg_ctl");
        if (await Command.ExitCodeAsync(control, ["status", "-D", directory], runAs) == 0 && RunningPort(directory) is { } running)
        {
            options.Logger?.LogInformation("Reusing the PostgreSQL server running on port {Port}", running);
            return new LocalPostgres(options, binaries, running, startedHere: false);
        }

        var port = options.Port ?? FreePort.Pick();
        var serverOptions = $"-p {port} -h 127.0.0.1 -k '' -c max_connections=300 -c shared_buffers=128MB"
            + string.Concat(options.Settings.Select(setting => $" -c {setting}"));
        await Command.RunAsync(control,
            ["start", "-D", directory, "-l", Path.Combine(directory, "server.log"), "-w", "-t", "60", "-o", serverOptions], runAs, ct);
        return new LocalPostgres(options, binaries, port, startedHere: true);
    }

    /// <summary>Creates the database unless it exists.</summary>
    public async Task CreateDatabaseAsync(string name, CancellationToken ct)
    {
        if (!name.All(c => char.IsAsciiLetterLower(c) || char.IsAsciiDigit(c) || c == '_'))
            throw new ArgumentException($"'{name}' is not a plain lower-case database name.", nameof(name));
        await using var connection = new NpgsqlConnection(ConnectionString);
        await connection.OpenAsync(ct);
        await using var exists = new NpgsqlCommand("SELECT 1 FROM pg_database WHERE datname = @name", connection);
        exists.Parameters.AddWithValue("name", name);
        if (await exists.ExecuteScalarAsync(ct) is not null)
            return;
        await using var create = new NpgsqlCommand($"CREATE DATABASE {name}", connection);
        await create.ExecuteNonQueryAsync(ct);
    }

    public async ValueTask DisposeAsync()
    {
        NpgsqlConnection.ClearAllPools();
        var directory = Path.GetFullPath(_options.DataDirectory);
        if (_startedHere && _options.StopOnDispose || _options.Throwaway)
            await Command.ExitCodeAsync(Path.Combine(_binaries, "pg_ctl"),
                ["stop", "-D", directory, "-m", _options.Throwaway ? "immediate" : "fast", "-w"], Command.IsRoot ? ServerUser : null);
        if (_options.Throwaway)
            Directory.Delete(directory, recursive: true);
    }

    private static int? RunningPort(string directory)
    {
        var pidFile = Path.Combine(directory, "postmaster.pid");
        if (!File.Exists(pidFile))
            return null;
        var lines = File.ReadAllLines(pidFile);
        return lines.Length > 3 && int.TryParse(lines[3], out var port) ? port : null;
    }

    private static string FindBinaries()
    {
        // An explicit folder is the only place looked at, so a wrong one is reported rather than silently replaced.
        var configured = Environment.GetEnvironmentVariable("PLATFORM_POSTGRES_BIN");
        IEnumerable<string> candidates = !string.IsNullOrEmpty(configured)
            ? [configured]
            : InstalledVersions().Concat((Environment.GetEnvironmentVariable("PATH") ?? "").Split(':', StringSplitOptions.RemoveEmptyEntries));

        return candidates.FirstOrDefault(dir => File.Exists(Path.Combine(dir, "initdb")) && File.Exists(Path.Combine(dir, "pg_ctl")))
            ?? throw new LocalServiceException(
                "PostgreSQL server binaries (initdb, pg_ctl) were not found. Install PostgreSQL " +
                "(Debian/Ubuntu: apt-get install postgresql) or set ConnectionStrings:Postgres to an existing server.");
    }

    private static IEnumerable<string> InstalledVersions() =>
        Directory.Exists("/usr/lib/postgresql")
            ? Directory.GetDirectories("/usr/lib/postgresql")
                .OrderByDescending(v => int.TryParse(Path.GetFileName(v), out var major) ? major : 0)
                .Select(v => Path.Combine(v, "bin"))
            : [];
}
