using Npgsql;
using Platform.Host.LocalServices;

namespace Platform.IntegrationTests.Infrastructure;

/// <summary>Each test starts its own cluster, so these run only where PostgreSQL is installed.</summary>
public sealed class LocalPostgresTests
{
    private readonly string _directory = Path.Combine(Path.GetTempPath(), $"platform-pgtest-{Path.GetRandomFileName()}");

    [Fact]
    public async Task A_second_start_on_the_same_directory_reuses_the_running_server()
    {
        await using var first = await LocalPostgres.StartAsync(new LocalPostgresOptions { DataDirectory = _directory, Throwaway = true });
        await using var second = await LocalPostgres.StartAsync(new LocalPostgresOptions { DataDirectory = _directory, Port = FreePort.Pick() });

        second.Reused.Should().BeTrue();
        second.Port.Should().Be(first.Port);
        (await ScalarAsync(second.ConnectionString, "SELECT 1")).Should().Be(1);
    }

    [Fact]
    public async Task A_stale_postmaster_pid_does_not_block_a_start()
    {
        var pidFile = Path.Combine(_directory, "postmaster.pid");
        string leftover;
        await using (var crashed = await LocalPostgres.StartAsync(new LocalPostgresOptions { DataDirectory = _directory, StopOnDispose = true }))
            leftover = await File.ReadAllTextAsync(pidFile);
        // What a crash leaves behind: the lock file of a postmaster that is gone (it outlives its lock file by a moment).
        await WaitUntilExitedAsync(int.Parse(leftover.Split('\n')[0]));
        await File.WriteAllTextAsync(pidFile, leftover);

        await using var restarted = await LocalPostgres.StartAsync(new LocalPostgresOptions { DataDirectory = _directory, Throwaway = true });

        restarted.Reused.Should().BeFalse();
        (await ScalarAsync(restarted.ConnectionString, "SELECT 1")).Should().Be(1);
    }

    private static async Task WaitUntilExitedAsync(int pid)
    {
        for (var waited = 0; waited < 100 && Directory.Exists($"/proc/{pid}"); waited++)
            await Task.Delay(50);
    }

    private static async Task<object?> ScalarAsync(string connectionString, string sql)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        return await command.ExecuteScalarAsync();
    }
}
