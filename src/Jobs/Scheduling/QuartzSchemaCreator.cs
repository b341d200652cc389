using Microsoft.Extensions.Hosting;
using Npgsql;

namespace Platform.Jobs.Scheduling;

/// <summary>Quartz creates its own tables but not the schema that holds them; this runs before the scheduler starts. The name is checked at start (<see cref="JobsOptions.Rules"/>).</summary>
internal sealed class QuartzSchemaCreator(string connectionString, string schema) : IHostedService
{
    public async Task StartAsync(CancellationToken cancellationToken)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync(cancellationToken);
        await using var command = new NpgsqlCommand($"CREATE SCHEMA IF NOT EXISTS {schema}", connection);
        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
