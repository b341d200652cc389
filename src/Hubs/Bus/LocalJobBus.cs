using Platform.Contracts.Jobs;
using Platform.Hubs.Watching;
using Platform.Jobs;
using Platform.Jobs.Running;

namespace Platform.Hubs.Bus;

/// <summary>A single host without Redis: events go straight to this host's watchers, cancels to its own running jobs.</summary>
public sealed class LocalJobBus(JobWatchers watchers, RunningJobs running) : IJobEventPublisher, IJobCancelSignal
{
    public ValueTask PublishAsync(JobEvent jobEvent, string ownerId)
    {
        watchers.Dispatch(jobEvent, ownerId);
        return ValueTask.CompletedTask;
    }

    public ValueTask PublishAsync(IReadOnlyList<OwnedJobEvent> events)
    {
        foreach (var owned in events)
            watchers.Dispatch(owned.Event, owned.OwnerId);
        return ValueTask.CompletedTask;
    }

    public ValueTask SignalAsync(Guid jobId)
    {
        running.TryCancel(jobId);
        return ValueTask.CompletedTask;
    }
}
