using Microsoft.Extensions.Diagnostics.HealthChecks;
using StackExchange.Redis;

namespace Platform.Host.Health;

/// <summary>
/// Redis answers a ping. A host configured without Redis runs alone, with events, presence and cancels kept on
/// itself: that is healthy, and the check says so.
/// </summary>
public sealed class RedisHealthCheck(IConnectionMultiplexer? redis = null) : IHealthCheck
{
    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        if (redis is null)
            return HealthCheckResult.Healthy("not configured: this host runs alone");
        var latency = await redis.GetDatabase().PingAsync();
        return HealthCheckResult.Healthy($"ping {latency.TotalMilliseconds:0.0} ms");
    }
}
