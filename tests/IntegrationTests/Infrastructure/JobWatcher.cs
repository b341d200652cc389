using Platform.Client;
using Platform.Contracts.Jobs;

namespace Platform.IntegrationTests.Infrastructure;

/// <summary>Subscribes to one job over the hub and records what arrives, so tests can wait on events rather than on time.</summary>
public sealed class JobWatcher : IAsyncDisposable
{
    private readonly Recorder<JobEvent> _received = new();
    private JobSubscription? _subscription;

    public IReadOnlyList<JobEvent> Received => _received.Items;

    public IReadOnlyList<JobEvent> Stored => Received.Where(e => !e.Transient).ToList();

    public static async Task<JobWatcher> StartAsync(PlatformClient client, Guid jobId, long afterVersion = 0)
    {
        var watcher = new JobWatcher();
        watcher._subscription = await client.SubscribeAsync(jobId, watcher.OnEventAsync, afterVersion);
        return watcher;
    }

    /// <summary>Watches every job of the caller from now on, so nothing a job does after its submit is missed live.</summary>
    public static async Task<JobWatcher> StartForMyJobsAsync(PlatformClient client)
    {
        var watcher = new JobWatcher();
        watcher._subscription = await client.SubscribeMyJobsAsync(watcher.OnEventAsync);
        return watcher;
    }

    public IReadOnlyList<JobEvent> ReceivedFor(Guid jobId) => Received.Where(e => e.JobId == jobId).ToList();

    public IReadOnlyList<JobEvent> StoredFor(Guid jobId) => Stored.Where(e => e.JobId == jobId).ToList();

    public Task<JobEvent> WaitForAsync(Func<JobEvent, bool> match, TimeSpan? timeout = null) =>
        _received.WaitForAsync(match, timeout ?? TimeSpan.FromSeconds(60));

    public Task<JobEvent> WaitForFinishAsync(TimeSpan? timeout = null) =>
        WaitForAsync(e => e.Status.IsFinished() && !e.Transient, timeout);

    public Task<JobEvent> WaitForFinishAsync(Guid jobId, TimeSpan? timeout = null) =>
        WaitForAsync(e => e.JobId == jobId && e.Status.IsFinished() && !e.Transient, timeout);

    public async ValueTask DisposeAsync()
    {
        if (_subscription is not null)
            await _subscription.DisposeAsync();
    }

    private Task OnEventAsync(JobEvent jobEvent)
    {
        _received.Add(jobEvent);
        return Task.CompletedTask;
    }
}
