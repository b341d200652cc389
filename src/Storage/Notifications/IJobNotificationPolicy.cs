using Platform.Contracts.Jobs;

namespace Platform.Storage.Notifications;

/// <summary>Which stored job events notify their owner; <see cref="Jobs.JobStore"/> stores the notification with the event.</summary>
public interface IJobNotificationPolicy
{
    /// <summary>The notification <paramref name="stored"/> brings its owner, or null when it brings none.</summary>
    ValueTask<NotificationRecord?> NotificationForAsync(JobEvent stored, string ownerId, CancellationToken ct);
}
