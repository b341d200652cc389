using System.Security.Cryptography;
using Microsoft.Extensions.Logging;
using Platform.Contracts.Accounts;
using Platform.Contracts.Jobs;
using Platform.Contracts.Notifications;
using Platform.Storage.Notifications;

namespace Platform.Jobs.Notifications;

/// <summary>
/// A job's owner is notified when it succeeds or fails for good, as their preferences allow. The notification is
/// stored with the final event and its id comes from that event, so it exists once, whichever host stored it.
/// </summary>
public sealed class JobNotifications(INotificationPreferences preferences, ILogger<JobNotifications> logger)
{
    /// <summary>The notification <paramref name="stored"/> brings its owner, or null when it brings none.</summary>
    public async ValueTask<NotificationRecord?> NotificationForAsync(JobEvent stored, string ownerId, CancellationToken ct)
    {
        if (ToNotification(stored, ownerId) is not { } notification || !Guid.TryParse(ownerId, out var userId))
            return null;
        try
        {
            return await preferences.OfAsync(userId, ct) is { } wanted && Allows(wanted, notification.Kind) ? notification : null;
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            // The job's outcome must be stored; a lost notification must not fail the job's bookkeeping.
            logger.LogError(e, "Could not read the preferences of {OwnerId}; job {JobId} ends without notifying", ownerId, stored.JobId);
            return null;
        }
    }

    private static bool Allows(NotificationPreferences wanted, NotificationKind kind) =>
        kind == NotificationKind.JobSucceeded ? wanted.JobSucceeded : wanted.JobFailed;

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
