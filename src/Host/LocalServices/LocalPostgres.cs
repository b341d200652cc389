using Npgsql;

namespace Platform.Host.LocalServices;

/// <summary>A private PostgreSQL server in a data directory of ours: created on first use, reused while it runs.</summary>
public sealed class LocalPostgres : IAsyncDisposable
{
    private readonly LocalPostgresOptions _options;
    private readonly PostgresTools _tools;
    private int _disposed;

    private LocalPostgres(LocalPostgresOptions options, PostgresTools tools, string dataDirectory, int port, bool reused) =>
        (_options, _tools, DataDirectory, Port, Reused) = (options, tools, dataDirectory, port, reused);

    public string DataDirectory { get; }

    public int Port { get; }

    /// <summary>The server was already running on this data directory; this start only attached to it.</summary>
    public bool Reused { get; }

    public string ConnectionString => ConnectionStringFor("postgres");

    public string ConnectionStringFor(string database) => new NpgsqlConnectionStringBuilder
    {
        Host = "127.0.0.1",
        Port = Port,
        Username = PostgresTools.ServerUser,
        Database = database,
        MaxPoolSize = 50,
    }.ConnectionString;

    public static async Task<LocalPostgres> StartAsync(LocalPostgresOptions options, CancellationToken ct = default)
    {
        var tools = await PostgresTools.FindAsync(ct);
        var directory = Path.GetFullPath(options.DataDirectory);
        await PostgresDataDirectory.PrepareAsync(directory, tools.RunAs, ct);

        if (!File.Exists(Path.Combine(directory, "PG_VERSION")))
        {
            options.Logger?.LogInformation("Creating a PostgreSQL cluster in {Directory}", directory);
            await tools.RunAsync("initdb", ["-D", directory, "-U", PostgresTools.ServerUser, "-A", "trust", "-E", "UTF8", "--no-locale"], ct);
        }

        if (await RunningPortAsync(tools, directory, ct) is { } running)
        {
            options.Logger?.LogInformation("Reusing the PostgreSQL server running on port {Port}", running);
            return new LocalPostgres(options, tools, directory, running, reused: true);
        }

        var port = options.Port ?? FreePort.Pick();
        // TCP on loopback only: no Unix socket, so no socket path length limit and no clash with a system server's socket.
        var serverOptions = $"-p {port} -h 127.0.0.1 -k '' -c max_connections=300 -c shared_buffers=128MB"
            + string.Concat(options.Settings.Select(setting => $" -c {setting}"));
        var log = Path.Combine(directory, "server.log");
        try
        {
            await tools.RunAsync("pg_ctl", ["start", "-D", directory, "-l", log, "-w", "-t", "60", "-o", serverOptions], ct);
        }
        catch (InvalidOperationException e)
        {
            throw new InvalidOperationException($"{e.Message}\n{LogTail(log)}", e);
        }
        options.Logger?.LogInformation("Started PostgreSQL in {Directory} on port {Port}", directory, port);
        return new LocalPostgres(options, tools, directory, port, reused: false);
    }

    /// <summary>Stops the server running on this data directory, if there is one.</summary>
    public static async Task StopAsync(string dataDirectory, CancellationToken ct = default) =>
        await StopAsync(await PostgresTools.FindAsync(ct), Path.GetFullPath(dataDirectory), immediate: false, ct);

    /// <summary>Creates the database unless it exists.</summary>
    public async Task CreateDatabaseAsync(string name, CancellationToken ct)
    {
        if (name is not [>= 'a' and <= 'z', ..] || name.Length > 63 || !name.All(c => char.IsAsciiLetterLower(c) || char.IsAsciiDigit(c) || c == '_'))
            throw new ArgumentException($"'{name}' is not a plain lower-case database name.", nameof(name));
        await using var connection = new NpgsqlConnection(ConnectionString);
        await connection.OpenAsync(ct);
        await using var exists = new NpgsqlCommand("SELECT 1 FROM pg_database WHERE datname = @name", connection);
        exists.Parameters.AddWithValue("name", name);
        if (await exists.ExecuteScalarAsync(ct) is not null)
            return;
        await using var create = new NpgsqlCommand($"CREATE DATABASE {name}", connection);
        try
        {
            await create.ExecuteNonQueryAsync(ct);
        }
        catch (PostgresException e) when (e.SqlState == PostgresErrorCodes.DuplicateDatabase)
        {
            // Someone else created it between our look and our create; it exists, as asked.
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _disposed, 1) == 1)
            return;
        if (_options.StopOnDispose || _options.Throwaway)
        {
            NpgsqlConnection.ClearAllPools();
            // A throwaway cluster's data does not matter, so skip the shutdown checkpoint.
            await StopAsync(_tools, DataDirectory, immediate: _options.Throwaway, CancellationToken.None);
        }
        if (_options.Throwaway && Directory.Exists(DataDirectory))
            Directory.Delete(DataDirectory, recursive: true);
    }

    private static async Task StopAsync(PostgresTools tools, string directory, bool immediate, CancellationToken ct)
    {
        if (File.Exists(Path.Combine(directory, "postmaster.pid")))
            await tools.ExitCodeAsync("pg_ctl", ["stop", "-D", directory, "-m", immediate ? "immediate" : "fast", "-w"], ct);
    }

    /// <summary>The port of the server running on this directory, or null after clearing a lock file no server holds any more.</summary>
    private static async Task<int?> RunningPortAsync(PostgresTools tools, string directory, CancellationToken ct)
    {
        var pidFile = Path.Combine(directory, "postmaster.pid");
        if (!File.Exists(pidFile))
            return null;
        var lines = await File.ReadAllLinesAsync(pidFile, ct);
        var running = await tools.ExitCodeAsync("pg_ctl", ["status", "-D", directory], ct) == 0;
        // pg_ctl only asks whether the pid is alive; after a crash and a reboot, that pid may belong to another program.
        var pid = lines.Length > 0 && int.TryParse(lines[0], out var parsed) ? parsed : 0;
        if (running && OsProcess.IsAlive(pid) && OsProcess.NameOf(pid) is null or "postgres")
            return lines.Length > 3 && int.TryParse(lines[3], out var port)
                ? port
                : throw new InvalidOperationException($"PostgreSQL is running on {directory} but {pidFile} names no port.");

        File.Delete(pidFile);
        return null;
    }

    private static string LogTail(string log) =>
        File.Exists(log) ? string.Join('\n', File.ReadLines(log).TakeLast(10)) : "(no server log)";
}
