using Platform.Contracts.Jobs;
using Platform.Storage.Notifications;

namespace Platform.Jobs;

/// <summary>Where <see cref="JobWriter"/> sends job events once stored (and transient progress at once); the hubs implement it.</summary>
public interface IJobEventPublisher
{
    ValueTask PublishAsync(JobEvent jobEvent, string ownerId);

    /// <summary>Tells its owner about a notification stored with job events; a bare event bus tells nobody.</summary>
    ValueTask PushAsync(NotificationRecord notification) => ValueTask.CompletedTask;
}

/// <summary>Tells whichever host runs a job that its cancel was requested.</summary>
public interface IJobCancelSignal
{
    ValueTask SignalAsync(Guid jobId);
}

internal sealed class NoPublisher : IJobEventPublisher
{
    public ValueTask PublishAsync(JobEvent jobEvent, string ownerId) => ValueTask.CompletedTask;
}
