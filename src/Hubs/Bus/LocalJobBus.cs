using Platform.Contracts.Jobs;
using Platform.Hubs.Watching;
using Platform.Jobs;

namespace Platform.Hubs.Bus;

/// <summary>A single host without Redis: events go straight to this host's watchers.</summary>
public sealed class LocalJobBus(JobWatchers watchers) : IJobEventPublisher
{
    public ValueTask PublishAsync(JobEvent jobEvent, string ownerId)
    {
        watchers.Dispatch(jobEvent, ownerId);
        return ValueTask.CompletedTask;
    }
}
