using Microsoft.Extensions.Diagnostics.HealthChecks;
using Platform.Jobs;
using Quartz;

namespace Platform.Host.Health;

/// <summary>The Quartz scheduler that fires recurring jobs is running, on hosts that run workers.</summary>
public sealed class SchedulerHealthCheck(ISchedulerFactory schedulers, JobsOptions options) : IHealthCheck
{
    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        // Asking the factory for a scheduler would create one on a host that is not meant to run it.
        if (!options.RunWorkers)
            return HealthCheckResult.Healthy("workers are off on this host");
        var scheduler = await schedulers.GetScheduler(cancellationToken);
        var status = await scheduler.GetStatus(cancellationToken);
        return status == SchedulerStatus.Running
            ? HealthCheckResult.Healthy()
            : HealthCheckResult.Unhealthy($"the scheduler is {status.ToString().ToLowerInvariant()}");
    }
}
