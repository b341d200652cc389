using System.Diagnostics;
using Npgsql;
using Platform.Host.LocalServices;
using Platform.TestCluster;

namespace Platform.IntegrationTests.Infrastructure;

/// <summary>
/// The test run's PostgreSQL and Redis: throwaway servers on free loopback ports, started once per run and
/// stopped when it ends, or the servers named by PLATFORM_TEST_POSTGRES / PLATFORM_TEST_REDIS.
/// </summary>
public sealed class TestServers
{
    private const string FolderPrefix = "platform-tests-";
    private const string OwnerFile = "owner.pid";
    private static readonly Lazy<Task<TestServers>> Shared = new(StartAsync);
    private readonly string _postgres;
    private readonly Lazy<Task<string>> _template;

    private TestServers(string postgres, string redis)
    {
        (_postgres, RedisConnectionString) = (postgres, redis);
        _template = new(CreateTemplateAsync);
    }

    /// <summary>StackExchange.Redis configuration.</summary>
    public string RedisConnectionString { get; }

    public static Task<TestServers> Instance() => Shared.Value;

    /// <summary>
    /// A new database of its own, named after the prefix, holding the platform's tables and no rows; returns its
    /// connection string. The copy's schema is the one this run's code created, so hosts over it skip checking it.
    /// </summary>
    public async Task<string> CreateDatabaseAsync(string prefix) =>
        await CreateDatabaseAsync($"{DatabasePrefix(prefix)}_{Guid.NewGuid().ToString("N")[..12]}", await _template.Value);

    private async Task<string> CreateDatabaseAsync(string name, string? template)
    {
        await using var connection = new NpgsqlConnection(_postgres);
        await connection.OpenAsync();
        await using var create = new NpgsqlCommand($"CREATE DATABASE {name}{(template is null ? "" : $" TEMPLATE {template}")}", connection);
        await create.ExecuteNonQueryAsync();
        return new NpgsqlConnectionStringBuilder(_postgres) { Database = name }.ConnectionString;
    }

    // Creating the schema costs a host about a second at start; copying a database that has it costs a tenth of that.
    private async Task<string> CreateTemplateAsync()
    {
        var name = $"template_{Guid.NewGuid().ToString("N")[..12]}";
        var database = await CreateDatabaseAsync(name, template: null);
        await PlatformApplication.CreateSchemaAsync(database, RedisConnectionString);
        await using (var connection = new NpgsqlConnection(database))
        {
            await connection.OpenAsync();
            await using var empty = new NpgsqlCommand(SchemaTemplate.EmptyEveryTable, connection);
            await empty.ExecuteNonQueryAsync();
        }
        // A database with open connections cannot be copied.
        NpgsqlConnection.ClearAllPools();
        return name;
    }

    private static string DatabasePrefix(string prefix)
    {
        var plain = new string(prefix.ToLowerInvariant().Select(c => char.IsAsciiLetterLower(c) || char.IsAsciiDigit(c) ? c : '_').ToArray());
        plain = plain is [>= 'a' and <= 'z', ..] ? plain : $"db_{plain}";
        return plain[..Math.Min(plain.Length, 40)];
    }

    private static async Task<TestServers> StartAsync()
    {
        var postgres = Environment.GetEnvironmentVariable("PLATFORM_TEST_POSTGRES");
        var redis = Environment.GetEnvironmentVariable("PLATFORM_TEST_REDIS");
        await RemoveWhatEndedRunsLeftAsync();
        if (!string.IsNullOrWhiteSpace(postgres) && !string.IsNullOrWhiteSpace(redis))
            return new TestServers(postgres, redis);

        var folder = Path.Combine(Path.GetTempPath(), $"{FolderPrefix}{Path.GetRandomFileName()}");
        Directory.CreateDirectory(folder);
        await File.WriteAllTextAsync(Path.Combine(folder, OwnerFile), Environment.ProcessId.ToString());
        var started = new List<IAsyncDisposable>();
        AppDomain.CurrentDomain.ProcessExit += (_, _) => StopAll(started, folder);
        try
        {
            if (string.IsNullOrWhiteSpace(postgres))
            {
                var server = await LocalPostgres.StartAsync(new LocalPostgresOptions
                {
                    DataDirectory = Path.Combine(folder, "postgres"),
                    Throwaway = true,
                    StopOnDispose = true,
                    Settings = LocalCluster.NotDurable,
                });
                started.Add(server);
                postgres = server.ConnectionString;
            }
            if (string.IsNullOrWhiteSpace(redis))
            {
                var server = await LocalRedis.StartAsync(new LocalRedisOptions
                {
                    DataDirectory = Path.Combine(folder, "redis"),
                    Throwaway = true,
                    StopOnDispose = true,
                });
                started.Add(server);
                redis = server.ConnectionString;
            }
            return new TestServers(postgres, redis);
        }
        catch
        {
            StopAll(started, folder);
            throw;
        }
    }

    // The test host gives exit handlers little time: stop everything at once, and leave the rest to the next run's sweep.
    private static void StopAll(List<IAsyncDisposable> started, string folder)
    {
        try
        {
            Task.WhenAll(started.ToArray().Select(server => server.DisposeAsync().AsTask())).Wait(TimeSpan.FromSeconds(10));
            if (Directory.Exists(folder))
                Directory.Delete(folder, recursive: true);
        }
        catch (Exception e) when (e is AggregateException or IOException)
        {
        }
    }

    // A run killed before its exit handler ran leaves its servers up; stop them once their run's process is gone.
    private static async Task RemoveWhatEndedRunsLeftAsync()
    {
        foreach (var folder in Directory.GetDirectories(Path.GetTempPath(), $"{FolderPrefix}*"))
        {
            try
            {
                if (!HasEnded(folder))
                    continue;
                if (File.Exists(Path.Combine(folder, "postgres", "postmaster.pid")))
                    await LocalPostgres.StopAsync(Path.Combine(folder, "postgres"));
                await LocalRedis.StopAsync(Path.Combine(folder, "redis"));
                Directory.Delete(folder, recursive: true);
            }
            catch (Exception)
            {
                // Best effort: another run may be sweeping the same folder, and a leftover must never fail this run.
            }
        }
    }

    private static bool HasEnded(string folder)
    {
        var owner = Path.Combine(folder, OwnerFile);
        if (File.Exists(owner))
            return !IsAlive(File.ReadAllText(owner));
        // A run that has not written its owner file yet, or one from before owner files: ended once its servers have.
        var pidFiles = new[] { Path.Combine(folder, "postgres", "postmaster.pid"), Path.Combine(folder, "redis", "redis.pid") };
        return Directory.GetLastWriteTimeUtc(folder) < DateTime.UtcNow.AddMinutes(-1)
            && !pidFiles.Any(file => File.Exists(file) && IsAlive(File.ReadLines(file).FirstOrDefault()));
    }

    private static bool IsAlive(string? pidText)
    {
        if (!int.TryParse(pidText?.Trim(), out var pid))
            return false;
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
}
