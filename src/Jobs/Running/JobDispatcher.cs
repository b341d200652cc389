using System.Collections.Concurrent;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Platform.Jobs.Model;
using Platform.Jobs.Types;
using Platform.Storage.Queue;

namespace Platform.Jobs.Running;

/// <summary>
/// A host's workers: claims as many queued jobs as it has free slots, runs each, and renews the leases of
/// those it runs. It wakes when any host queues a job (PostgreSQL NOTIFY), when one of its jobs ends, and
/// every <see cref="JobsOptions.PollInterval"/> to pick up jobs whose host died and whose lease ran out.
/// </summary>
public sealed class JobDispatcher(JobQueue queue, JobRunner runner, JobTypeCatalog types, JobsOptions options, TimeProvider clock,
    ILogger<JobDispatcher> logger)
    : BackgroundService
{
    private readonly ConcurrentDictionary<Guid, (Task Run, string Type)> _running = new();
    private readonly ClaimLoop _loop = new("new jobs", queue.ListenAsync, options.PollInterval, clock, logger);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        KeepThreadsForTheRest();
        var renewing = RenewLeasesAsync(stoppingToken);
        await _loop.RunAsync(ClaimAsync, stoppingToken);
        // Running jobs saw the same token: each records that it was requeued and gives its job back.
        await Task.WhenAll(_running.Values.Select(r => r.Run));
        await renewing;
    }

    private async Task<bool> ClaimAsync(CancellationToken stoppingToken)
    {
        var free = options.Workers - _running.Count;
        if (free <= 0)
            return false;
        var claimed = await queue.ClaimAsync(JobRunner.HostName, free, options.Lease, types.BuiltIn, jobOwner: null, TypeCaps(), options.MaxRunningPerUser,
            Math.Min(free, options.ReservedWorkersOrDefault), stoppingToken);
        if (claimed.Count > 0)
            foreach (var job in await runner.StartAsync(claimed))
                Start(job, stoppingToken);
        return claimed.Count > 0 && claimed.Count == free;
    }

    // A handler may compute for a long time between awaits (a render step, an epoch), holding a pool thread all along.
    // With the pool's default minimum (one thread per core), a few such handlers leave timers (lease renewals,
    // progress stores, live progress turns) and requests waiting for the pool to grow, half a second at a time.
    private void KeepThreadsForTheRest()
    {
        ThreadPool.GetMinThreads(out var workerThreads, out var completionPortThreads);
        ThreadPool.SetMinThreads(Math.Max(workerThreads, options.Workers + Environment.ProcessorCount), completionPortThreads);
    }

    private void Start(JobView job, CancellationToken stoppingToken)
    {
        var begin = new TaskCompletionSource();
        _running[job.Id] = (RunAsync(job, begin.Task, stoppingToken), job.Type);
        begin.SetResult();
    }

    private async Task RunAsync(JobView job, Task registered, CancellationToken stoppingToken)
    {
        await registered;
        await Task.Yield();
        try
        {
            await runner.RunAsync(job, stoppingToken);
        }
        catch (Exception e)
        {
            // The lease runs out and another claim retries the run.
            logger.LogError(e, "Running job {JobId} failed outside its handler", job.Id);
        }
        finally
        {
            _running.TryRemove(job.Id, out _);
            _loop.Wake();
        }
    }

    // How many more jobs of each type with a concurrency limit this host may start now.
    private Dictionary<string, int> TypeCaps()
    {
        var caps = new Dictionary<string, int>();
        foreach (var (type, typed) in options.Types)
            if (typed.Concurrency is { } limit)
                caps[type] = Math.Max(0, limit - _running.Values.Count(r => r.Type == type));
        return caps;
    }

    private async Task RenewLeasesAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(options.Lease / 3, clock);
        try
        {
            while (await timer.WaitForNextTickAsync(stoppingToken))
            {
                try
                {
                    await queue.RenewAsync(JobRunner.HostName, _running.Keys.ToList(), options.Lease, stoppingToken);
                }
                catch (Exception e) when (e is not OperationCanceledException)
                {
                    logger.LogWarning("Renewing job leases failed ({Error}); trying again", e.Message);
                }
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
    }
}
