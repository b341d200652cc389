using Microsoft.AspNetCore.SignalR;
using Platform.Hubs.Watching;
using Platform.Jobs.Model;

namespace Platform.Hubs;

// Watching jobs: one of the caller's with replay, or all of theirs from now on.
public sealed partial class JobsHub
{
    private JobWatchers JobWatchers => Service<JobWatchers>();

    public async Task SubscribeJob(Guid jobId, long afterVersion)
    {
        if (afterVersion < 0)
            throw new HubException("afterVersion must be 0 or more.");
        var owner = Owner;
        if (await Service<JobStore>().GetOwnedAsync(jobId, owner, Context.ConnectionAborted) is null)
            throw new HubException($"Job {jobId} was not found.");
        await JobWatchers.WatchJobAsync(Context.ConnectionId, owner, jobId, afterVersion);
    }

    public Task UnsubscribeJob(Guid jobId)
    {
        JobWatchers.UnwatchJob(Context.ConnectionId, jobId);
        return Task.CompletedTask;
    }

    public Task SubscribeMyJobs()
    {
        JobWatchers.WatchAllMine(Context.ConnectionId, Owner);
        return Task.CompletedTask;
    }

    public Task UnsubscribeMyJobs()
    {
        JobWatchers.UnwatchAllMine(Context.ConnectionId);
        return Task.CompletedTask;
    }
}
