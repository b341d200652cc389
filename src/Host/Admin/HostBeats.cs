using System.Reflection;
using Platform.Contracts.Admin;
using Platform.Hubs.Watching;
using Platform.Jobs;
using Platform.Jobs.Running;
using Platform.Storage;
using Platform.Storage.Hosts;

namespace Platform.Host.Admin;

/// <summary>Says every <see cref="HostsOptions.BeatInterval"/> that this host is alive and what it carries, and forgets hosts long silent.</summary>
public sealed class HostBeats(HostRegistry registry, JobsOptions jobs, RunningJobs running, HubConnections connections, PlatformMetrics metrics,
    IOptions<HostsOptions> options, TimeProvider clock, ILogger<HostBeats> logger) : BackgroundService
{
    public static readonly string Version =
        typeof(HostBeats).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion ?? "unknown";

    private readonly DateTimeOffset _startedAt = clock.GetUtcNow();

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(options.Value.BeatInterval, clock);
        do
        {
            try
            {
                await registry.BeatAsync(new HostBeat(JobRunner.HostName, Version, _startedAt, jobs.RunWorkers ? jobs.Workers : 0, running.Count,
                    connections.Count, metrics.SucceededSoFar, metrics.FailedSoFar), stoppingToken);
                await registry.RemoveSilentAsync(options.Value.RemoveAfter, stoppingToken);
            }
            catch (Exception e) when (!stoppingToken.IsCancellationRequested)
            {
                logger.LogWarning("Could not record this host's beat ({Error}); other hosts may show it gone", e.Message);
            }
        }
        while (await timer.WaitForNextTickAsync(stoppingToken));
    }

    public override async Task StopAsync(CancellationToken cancellationToken)
    {
        await base.StopAsync(cancellationToken);
        try
        {
            await registry.StopAsync(JobRunner.HostName, cancellationToken);
        }
        catch (Exception e)
        {
            logger.LogWarning("Could not record that this host stopped ({Error}); it will be shown gone instead", e.Message);
        }
    }

    /// <summary>A host's state as an operator reads it, from its last beat.</summary>
    public static HostInfo Describe(HostRecord host, TimeSpan goneAfter) => new(
        host.Beat.Name, host.Beat.Version,
        host.StoppedAt is not null ? HostState.Stopped : host.Silent > goneAfter ? HostState.Gone : HostState.Up,
        host.Beat.StartedAt, host.LastBeatAt, host.Beat.Workers, host.Beat.JobsRunning, host.Beat.HubConnections,
        host.Beat.JobsSucceeded, host.Beat.JobsFailed);
}
