using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Npgsql;
using Platform.Host.LocalServices;
using Platform.Storage;
using Platform.TestCluster;

namespace Platform.Load.Baseline;

/// <summary>
/// The floor to judge job reads by: the least an ASP.NET Core host can do for one job, namely one Npgsql query for
/// its stored document by id and owner, written out as stored: no authentication, ORM or mapping. Run by this tool
/// as its own process: <c>Platform.Load reads-baseline-host --urls URL --postgres CONNECTION</c>.
/// </summary>
public static class BareReadsHost
{
    public const string Command = "reads-baseline-host";

    public static Task<HostProcess> StartAsync(string postgres) =>
        HostProcess.StartAsync(FreePort.Pick(), ["Platform.Load.dll", Command], new Dictionary<string, string> { ["postgres"] = postgres });

    public static async Task<int> RunAsync(string[] args)
    {
        var builder = WebApplication.CreateSlimBuilder(args);
        builder.Logging.SetMinimumLevel(LogLevel.Warning);
        await using var database = NpgsqlDataSource.Create(builder.Configuration["postgres"] ?? throw new ArgumentException("--postgres is required."));
        var app = builder.Build();
        app.MapGet("/health/live", () => "ok");
        app.MapGet("/jobs/{id:guid}", async (Guid id, string owner, CancellationToken ct) =>
        {
            await using var command = database.CreateCommand($"select data::text from {StorageExtensions.Schema}.mt_doc_jobview where id = $1 and owner_id = $2");
            command.Parameters.AddWithValue(id);
            command.Parameters.AddWithValue(owner);
            return await command.ExecuteScalarAsync(ct) is string json ? Results.Text(json, "application/json") : Results.NotFound();
        });
        await app.RunAsync();
        return 0;
    }
}
