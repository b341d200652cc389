using System.Diagnostics;
using System.Globalization;
using System.Text.RegularExpressions;
using Npgsql;
using Platform.TestCluster;

namespace Platform.Load.Scenarios;

/// <summary>
/// The bound the platform is judged against: how many one-row inserts per second, each its own committed
/// transaction, pgbench gets from the same PostgreSQL server with C clients.
/// </summary>
public static partial class PgbenchScenario
{
    public static async Task<ScenarioResult> RunAsync(LoadRun run, LocalCluster? cluster)
    {
        if (cluster is null)
            throw new InvalidOperationException("pgbench needs the PostgreSQL this tool starts; it cannot run with --url.");
        var clients = run.Options.Callers ?? 8;
        var seconds = run.Options.Seconds ?? 10;
        await cluster.CreateDatabaseAsync("load_pgbench");
        var database = new NpgsqlConnectionStringBuilder(cluster.PostgresConnectionString) { Database = "load_pgbench" }.ConnectionString;
        await using (var connection = new NpgsqlConnection(database))
        {
            await connection.OpenAsync();
            await using var create = new NpgsqlCommand("create table if not exists bench (id bigserial primary key, payload text not null)", connection);
            await create.ExecuteNonQueryAsync();
        }

        var script = Path.Combine(Path.GetTempPath(), $"platform-pgbench-{Guid.NewGuid():N}.sql");
        await File.WriteAllTextAsync(script, "insert into bench (payload) values ('one row');\n");
        try
        {
            var output = await RunPgbenchAsync(
                ["-n", "-f", script, "-c", clients.ToString(), "-j", "2", "-T", seconds.ToString(),
                 "-h", "127.0.0.1", "-p", cluster.PostgresPort.ToString(), "-U", "postgres", "load_pgbench"]);
            var tps = Tps().Match(output);
            if (!tps.Success)
                throw new InvalidOperationException($"pgbench printed no tps:\n{output}");
            return new ScenarioResult("pgbench", new Dictionary<string, double>
            {
                ["clients"] = clients,
                ["insertsPerSecond"] = Math.Round(double.Parse(tps.Groups[1].Value, CultureInfo.InvariantCulture), 1),
            });
        }
        finally
        {
            File.Delete(script);
        }
    }

    private static async Task<string> RunPgbenchAsync(IEnumerable<string> arguments)
    {
        var program = new[] { "/usr/lib/postgresql" }
            .Where(Directory.Exists)
            .SelectMany(Directory.GetDirectories)
            .OrderByDescending(v => v)
            .Select(v => Path.Combine(v, "bin", "pgbench"))
            .FirstOrDefault(File.Exists) ?? "pgbench";
        var info = new ProcessStartInfo(program) { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var argument in arguments)
            info.ArgumentList.Add(argument);
        using var process = Process.Start(info) ?? throw new InvalidOperationException("Could not start pgbench.");
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        return await output + await error;
    }

    [GeneratedRegex(@"tps = ([0-9.]+)")]
    private static partial Regex Tps();
}
