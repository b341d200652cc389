using System.Security.Cryptography;
using Microsoft.Extensions.Logging;
using Platform.Contracts.Jobs;
using Platform.Contracts.Notifications;
using Platform.Jobs;
using Platform.Storage.Notifications;

namespace Platform.Hubs.Notifications;

/// <summary>
/// Notifies a job's owner when it succeeds or fails for good. It wraps the publisher, so only the host that stored
/// the final event notifies, not every host that receives it; the notification id comes from the event, so a
/// repeated publish cannot notify twice.
/// </summary>
public sealed class NotifyingJobEventPublisher(IJobEventPublisher inner, Notifier notifier, ILogger<NotifyingJobEventPublisher> logger)
    : IJobEventPublisher
{
    public async ValueTask PublishAsync(JobEvent jobEvent, string ownerId)
    {
        await inner.PublishAsync(jobEvent, ownerId);
        if (ToNotification(jobEvent, ownerId) is not { } notification)
            return;
        try
        {
            await notifier.NotifyAsync(notification, user => notification.Kind == NotificationKind.JobSucceeded
                ? user.Settings.Notifications.JobSucceeded
                : user.Settings.Notifications.JobFailed, CancellationToken.None);
        }
        catch (Exception e)
        {
            // The job's outcome is stored and published; a lost notification must not fail the job's bookkeeping.
            logger.LogError(e, "Could not notify {OwnerId} about job {JobId}", ownerId, jobEvent.JobId);
        }
    }

    internal static NotificationRecord? ToNotification(JobEvent jobEvent, string ownerId)
    {
        if (jobEvent.Transient)
            return null;
        var (kind, title, message) = jobEvent switch
        {
            { Kind: JobEventKind.Succeeded, Status: JobStatus.Succeeded } =>
                (NotificationKind.JobSucceeded, "Job succeeded", $"Job {jobEvent.JobId} succeeded."),
            { Kind: JobEventKind.Failed, Status: JobStatus.Failed } =>
                (NotificationKind.JobFailed, "Job failed", $"Job {jobEvent.JobId} failed: {jobEvent.Error ?? "no reason given"}."),
            _ => ((NotificationKind?)null, "", ""),
        };
        if (kind is null)
            return null;
        return new NotificationRecord
        {
            Id = IdOf(jobEvent),
            OwnerId = ownerId,
            Kind = kind.Value,
            Title = title,
            Message = message,
            JobId = jobEvent.JobId,
            CreatedAt = jobEvent.At,
        };
    }

    // One stored event, one id: the same job's later run (after a retry) is a new version and a new notification.
    private static Guid IdOf(JobEvent jobEvent)
    {
        Span<byte> input = stackalloc byte[24];
        jobEvent.JobId.TryWriteBytes(input);
        BitConverter.TryWriteBytes(input[16..], jobEvent.Version);
        Span<byte> hash = stackalloc byte[32];
        SHA256.HashData(input, hash);
        return new Guid(hash[..16]);
    }
}
