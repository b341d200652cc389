using Microsoft.AspNetCore.SignalR;
using Platform.Contracts.Hubs;
using Platform.Hubs.Watching;
using Platform.Storage.Jobs;

namespace Platform.Hubs;

/// <summary>Live job events: one job (with replay from a version), or all of the caller's jobs.</summary>
public sealed class JobsHub(JobWatchers watchers, JobStore store, ICallerIdentity identity) : Hub<IJobsClient>, IJobsHub
{
    public async Task SubscribeJob(Guid jobId, long afterVersion)
    {
        if (afterVersion < 0)
            throw new HubException("afterVersion must be 0 or more.");
        var owner = identity.OwnerOf(Context);
        if (await store.GetOwnedAsync(jobId, owner, Context.ConnectionAborted) is null)
            throw new HubException($"Job {jobId} was not found.");
        await watchers.WatchJobAsync(Context.ConnectionId, owner, jobId, afterVersion);
    }

    public Task UnsubscribeJob(Guid jobId)
    {
        watchers.UnwatchJob(Context.ConnectionId, jobId);
        return Task.CompletedTask;
    }

    public Task SubscribeMyJobs()
    {
        watchers.WatchAllMine(Context.ConnectionId, identity.OwnerOf(Context));
        return Task.CompletedTask;
    }

    public Task UnsubscribeMyJobs()
    {
        watchers.UnwatchAllMine(Context.ConnectionId);
        return Task.CompletedTask;
    }

    public override Task OnDisconnectedAsync(Exception? exception)
    {
        watchers.Forget(Context.ConnectionId);
        return base.OnDisconnectedAsync(exception);
    }
}
