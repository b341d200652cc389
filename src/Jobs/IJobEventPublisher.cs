using Platform.Contracts.Jobs;
using Platform.Storage.Jobs;
using Platform.Storage.Notifications;

namespace Platform.Jobs;

/// <summary>Where job events go once stored (and transient progress at once); the hubs implement it.</summary>
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

public static class JobEventPublisherExtensions
{
    /// <summary>Publishes every event an append stored, in version order, then pushes the notifications stored with them.</summary>
    public static async ValueTask PublishAsync(this IJobEventPublisher publisher, AppendResult? appended)
    {
        if (appended is null)
            return;
        foreach (var stored in appended.Events)
            await publisher.PublishAsync(stored, appended.View.OwnerId);
        foreach (var notification in appended.Notifications)
            await publisher.PushAsync(notification);
    }
}

internal sealed class NoPublisher : IJobEventPublisher
{
    public ValueTask PublishAsync(JobEvent jobEvent, string ownerId) => ValueTask.CompletedTask;
}
