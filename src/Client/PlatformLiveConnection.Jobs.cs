using Microsoft.AspNetCore.SignalR;
using Microsoft.AspNetCore.SignalR.Client;
using Platform.Contracts.Hubs;
using Platform.Contracts.Jobs;

namespace Platform.Client;

// Watching jobs: each stored event of a subscribed job once and in order, across reconnects; live ticks between.
public sealed partial class PlatformLiveConnection
{
    private readonly Dictionary<Guid, WatchedJob> _jobs = [];
    private readonly SemaphoreSlim _deliver = new(1, 1);
    private bool _allMyJobs;

    /// <summary>
    /// An event of a subscribed job: per job, live progress ticks and each stored event once, in version order. A live
    /// tick (<see cref="JobEvent.Transient"/>) carries the job's last stored status and the time it arrived here.
    /// </summary>
    public event Func<JobEvent, Task>? JobEventReceived;

    /// <summary>The version of the last stored event delivered for <paramref name="jobId"/>, 0 when none.</summary>
    public long LastVersionOf(Guid jobId)
    {
        lock (_gate)
            return _jobs.TryGetValue(jobId, out var job) ? job.Version : 0;
    }

    /// <summary>
    /// Sends the job's stored events after <paramref name="afterVersion"/>, then live ones; events this connection
    /// already delivered are not delivered again.
    /// </summary>
    public async Task SubscribeJobAsync(Guid jobId, long afterVersion = 0, CancellationToken ct = default)
    {
        bool added;
        long from;
        lock (_gate)
        {
            added = !_jobs.TryGetValue(jobId, out var job);
            if (added)
                _jobs[jobId] = job = new WatchedJob { Version = afterVersion };
            job!.Subscribed = true;
            from = Math.Max(afterVersion, job.Version);
        }
        try
        {
            await _connection.InvokeAsync(nameof(IJobsHub.SubscribeJob), jobId, from, ct);
        }
        catch when (added)
        {
            lock (_gate)
                _jobs.Remove(jobId);
            throw;
        }
    }

    public async Task UnsubscribeJobAsync(Guid jobId, CancellationToken ct = default)
    {
        lock (_gate)
            if (_jobs.TryGetValue(jobId, out var job))
                job.Subscribed = false;
        await _connection.InvokeAsync(nameof(IJobsHub.UnsubscribeJob), jobId, ct);
    }

    /// <summary>Live events of every job the caller owns, from now on.</summary>
    public async Task SubscribeMyJobsAsync(CancellationToken ct = default)
    {
        bool before;
        lock (_gate)
            (before, _allMyJobs) = (_allMyJobs, true);
        try
        {
            await _connection.InvokeAsync(nameof(IJobsHub.SubscribeMyJobs), ct);
        }
        catch
        {
            lock (_gate)
                _allMyJobs = before;
            throw;
        }
    }

    public async Task UnsubscribeMyJobsAsync(CancellationToken ct = default)
    {
        lock (_gate)
            _allMyJobs = false;
        await _connection.InvokeAsync(nameof(IJobsHub.UnsubscribeMyJobs), ct);
    }

    private void ListenToJobs()
    {
        _connection.On<JobEvent>(nameof(IJobsClient.JobEvent), jobEvent => DeliverAsync(() => Accept(jobEvent) ? jobEvent : null));
        _connection.On<JobTick>(nameof(IJobsClient.JobTicked), tick => DeliverAsync(() => Accept(tick)));
    }

    private async Task RestoreJobsAsync()
    {
        bool allMyJobs;
        (Guid JobId, long Version)[] subscribed;
        (Guid JobId, long Version)[] found;
        lock (_gate)
        {
            allMyJobs = _allMyJobs;
            subscribed = _jobs.Where(j => j.Value.Subscribed).Select(j => (j.Key, j.Value.Version)).ToArray();
            // Jobs found through "all my jobs" are resumed too, so what they stored meanwhile is not lost; finished ones have nothing left to say.
            found = allMyJobs ? _jobs.Where(j => !j.Value.Subscribed && !j.Value.Finished).Select(j => (j.Key, j.Value.Version)).ToArray() : [];
        }
        // Each job before "all my jobs": a job watched on its own gets no second, live-only copy of its events.
        var resumed = new List<Guid>();
        foreach (var (jobId, version) in subscribed.Concat(found))
            if (await RestoreOneAsync(() => _connection.InvokeAsync(nameof(IJobsHub.SubscribeJob), jobId, version), () => _jobs.Remove(jobId)))
                resumed.Add(jobId);
        if (allMyJobs)
            await RestoreAllMyJobsAsync(resumed.Intersect(found.Select(j => j.JobId)).ToList());
    }

    // The found jobs' own subscriptions count against the hub's limit per connection, so once "all my jobs" carries them
    // on they are given back; should they have used up the limit, they are given back first and go on from their next event.
    private async Task RestoreAllMyJobsAsync(IReadOnlyList<Guid> resumedFound)
    {
        try
        {
            await _connection.InvokeAsync(nameof(IJobsHub.SubscribeMyJobs));
        }
        catch (HubException) when (resumedFound.Count > 0)
        {
            await UnsubscribeAllAsync(resumedFound);
            await _connection.InvokeAsync(nameof(IJobsHub.SubscribeMyJobs));
            return;
        }
        await UnsubscribeAllAsync(resumedFound);
    }

    private async Task UnsubscribeAllAsync(IEnumerable<Guid> jobIds)
    {
        foreach (var jobId in jobIds)
            await _connection.InvokeAsync(nameof(IJobsHub.UnsubscribeJob), jobId);
    }

    // Handlers see one event at a time, in the order the hub sent them.
    private async Task DeliverAsync(Func<JobEvent?> accept)
    {
        await _deliver.WaitAsync();
        try
        {
            if (accept() is { } jobEvent)
                await RaiseAsync(JobEventReceived, jobEvent);
        }
        finally
        {
            _deliver.Release();
        }
    }

    // Drops repeats (a replay overlapping what was delivered live) and events of jobs no longer subscribed.
    private bool Accept(JobEvent jobEvent)
    {
        lock (_gate)
        {
            _jobs.TryGetValue(jobEvent.JobId, out var job);
            if (!_allMyJobs && job?.Subscribed != true)
                return false;
            var last = job?.Version ?? 0;
            if (jobEvent.Transient ? jobEvent.Version < last : jobEvent.Version <= last)
                return false;
            if (!jobEvent.Transient)
            {
                job ??= _jobs[jobEvent.JobId] = new WatchedJob();
                (job.Version, job.Status) = (jobEvent.Version, jobEvent.Status);
            }
            return true;
        }
    }

    // The hub sends live ticks slim; handlers get them as the transient progress events they always were.
    private JobEvent? Accept(JobTick tick)
    {
        lock (_gate)
        {
            _jobs.TryGetValue(tick.JobId, out var job);
            if (!_allMyJobs && job?.Subscribed != true)
                return null;
            if (tick.Version < (job?.Version ?? 0))
                return null;
            return new JobEvent(tick.JobId, tick.Version, JobEventKind.Progressed, job?.Status ?? JobStatus.Running, DateTimeOffset.UtcNow,
                Transient: true, Progress: tick.Progress, Message: tick.Message, Metrics: tick.Metrics);
        }
    }

    private sealed class WatchedJob
    {
        public long Version { get; set; }

        /// <summary>As of the last stored event delivered; null before one.</summary>
        public JobStatus? Status { get; set; }

        public bool Finished => Status?.IsFinished() == true;

        /// <summary>Asked for on its own, not only seen through "all my jobs".</summary>
        public bool Subscribed { get; set; }
    }
}
