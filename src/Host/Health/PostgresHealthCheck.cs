using Microsoft.Extensions.Diagnostics.HealthChecks;
using Npgsql;

namespace Platform.Host.Health;

/// <summary>PostgreSQL answers a query through the pool every store and queue uses.</summary>
public sealed class PostgresHealthCheck(NpgsqlDataSource database) : IHealthCheck
{
    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        await using var command = database.CreateCommand("select 1");
        await command.ExecuteScalarAsync(cancellationToken);
        return HealthCheckResult.Healthy();
    }
}
