using Platform.Contracts.Jobs;
using Platform.Jobs;
using Platform.Storage.Notifications;

namespace Platform.Hubs.Notifications;

/// <summary>
/// An event bus that also pushes the notifications stored with job events (see <see cref="JobNotifications"/>). Only
/// the host that stored them pushes, not every host that receives the events, so each is pushed once.
/// </summary>
public sealed class NotifyingJobEventPublisher(IJobEventPublisher inner, Notifier notifier) : IJobEventPublisher
{
    public ValueTask PublishAsync(JobEvent jobEvent, string ownerId) => inner.PublishAsync(jobEvent, ownerId);

    public async ValueTask PushAsync(NotificationRecord notification) => await notifier.PushAsync(notification);
}
