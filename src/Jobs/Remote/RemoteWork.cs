using System.Collections.Concurrent;
using System.Text.Json;
using Marten;
using Marten.Services;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Npgsql;
using Platform.Contracts.Jobs;
using Platform.Contracts.Workers;
using Platform.Jobs.Artifacts;
using Platform.Jobs.Live;
using Platform.Jobs.Metrics;
using Platform.Jobs.Model;
using Platform.Jobs.Running;
using Platform.Jobs.Types;
using Platform.Storage;
using Platform.Storage.Queue;

namespace Platform.Jobs.Remote;

/// <summary>
/// Jobs of remote types, run by workers outside the hosts over HTTP. A claim goes through the same queue, priorities
/// and limits as the hosts' own claims and holds each job under a lease the worker renews with every call; a worker
/// that stops calling loses its jobs when the lease runs out, and the next claim recovers them in the same attempt.
/// Every call is refused once its lease is gone, so a worker acts only on jobs it holds. Each key owner has at most
/// <see cref="WorkersOptions.MaxNamesPerOwner"/> worker names; one unseen for <see cref="WorkersOptions.ForgetAfter"/> is forgotten.
/// Claims are here, the workers seen in <c>RemoteWork.Workers.cs</c>, the calls under a lease in <c>RemoteWork.Leased.cs</c>.
/// </summary>
public sealed partial class RemoteWork(
    JobQueue queue, JobWriter writer, MetricRecorder recorder, JobStore store, IDocumentStore documents, NpgsqlDataSource database, LiveJobFeed feed,
    JobTypeCatalog types, ArtifactStore artifacts, InputFiles inputFiles, WaitingClaims waitingClaims, JobsOptions options, IOptions<WorkersOptions> workers,
    TimeProvider clock, ILogger<RemoteWork> logger) : BackgroundService
{
    public const int MostJobsPerClaim = 32;
    public static readonly TimeSpan LongestWait = TimeSpan.FromSeconds(60);

    private const string LeasePrefix = "worker:";

    /// <summary>
    /// Claims up to <paramref name="max"/> ready jobs of <paramref name="jobTypes"/> for <paramref name="keyOwner"/>'s
    /// worker, waiting up to <paramref name="wait"/> for one; a private worker (<paramref name="shared"/> false) gets
    /// its key owner's jobs only. Each is started in the worker's name and returned with the lease every later call must name.
    /// Call <see cref="RecordSeenAsync"/> first.
    /// </summary>
    public async Task<IReadOnlyList<ClaimedJob>> ClaimAsync(string worker, string keyOwner, bool shared, IReadOnlyCollection<string> jobTypes, int max,
        TimeSpan wait, CancellationToken ct)
    {
        var onlyOwner = shared ? null : keyOwner;
        var lease = $"{LeasePrefix}{WorkerRecord.IdOf(keyOwner, worker)}:{Guid.NewGuid():N}";
        var remote = jobTypes.Where(types.IsRemote).ToList();
        var deadline = clock.GetUtcNow() + wait;
        using var waiting = wait > TimeSpan.Zero ? waitingClaims.Add(remote, onlyOwner) : null;
        while (true)
        {
            var woken = waiting?.Next() ?? Task.CompletedTask;
            var claimed = await queue.ClaimAsync(lease, max, options.Lease, remote, onlyOwner, await CapsAsync(remote, ct), options.MaxRunningPerUser,
                keptForNewcomers: 0, ct);
            if (claimed.Count > 0)
            {
                var running = await writer.StartClaimedAsync(claimed, job => JobDecisions.Start(job, $"worker {worker}", clock.GetUtcNow()));
                // Whatever an earlier run stored and did not end with (its lease ran out) is gone before this one starts.
                foreach (var id in claimed)
                    await artifacts.DiscardAsync(id, keptHolder: null, CancellationToken.None);
                if (running.Count > 0)
                    return running.Select(job => new ClaimedJob(job.Id, job.Type, job.Input, job.Attempt, lease, clock.GetUtcNow() + options.Lease)).ToList();
            }
            var left = deadline - clock.GetUtcNow();
            if (left <= TimeSpan.Zero)
                return [];
            // A new job this claim could take wakes the wait at once; polling covers leases that ran out and delayed jobs.
            await Task.WhenAny(woken, Task.Delay(Min(left, options.PollInterval), clock, ct));
            ct.ThrowIfCancellationRequested();
        }
    }

    // A remote type's concurrency holds across all its workers: how many more of it may be leased now. Two claims at the
    // same instant may each see the same count, so the cap may be passed by a job a claim for a moment, as for hosts.
    private async Task<Dictionary<string, int>> CapsAsync(IReadOnlyCollection<string> remote, CancellationToken ct)
    {
        var limited = remote.Where(type => types.ConcurrencyOf(type) is not null).ToList();
        if (limited.Count == 0)
            return [];
        var leased = await queue.LeasedByTypeAsync(limited, ct);
        return limited.ToDictionary(type => type, type => Math.Max(0, types.ConcurrencyOf(type)!.Value - leased.GetValueOrDefault(type)));
    }

    private static TimeSpan Min(TimeSpan a, TimeSpan b) => a < b ? a : b;

    protected override Task ExecuteAsync(CancellationToken stoppingToken) =>
        Wakeups.ListenAsync(ct => queue.ListenForNoticesAsync(waitingClaims.Queued, ct), options.PollInterval, clock, logger, "new jobs for workers", stoppingToken);
}
