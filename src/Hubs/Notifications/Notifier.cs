using Marten;
using Microsoft.AspNetCore.SignalR;
using Microsoft.Extensions.Logging;
using Platform.Contracts.Hubs;
using Platform.Contracts.Notifications;
using Platform.Jobs.Notifications;
using Platform.Storage.Accounts;
using Platform.Storage.Notifications;

namespace Platform.Hubs.Notifications;

/// <summary>Stores notifications and pushes each to every connection of its user, on any host (through the backplane).</summary>
public sealed class Notifier(IDocumentStore store, IHubContext<JobsHub, IJobsClient> hub, TimeProvider clock, ILogger<Notifier> logger) : INotificationPusher
{
    private const int InsertBatch = 500;

    /// <summary>Stores an admin broadcast for every enabled user whose preference allows it, then pushes it to them.</summary>
    public async Task<(Guid BroadcastId, int Recipients)> BroadcastAsync(string title, string message, CancellationToken ct)
    {
        var broadcastId = Guid.NewGuid();
        var at = clock.GetUtcNow();
        var stored = new List<NotificationRecord>();
        await using (var documents = store.LightweightSession())
        {
            var recipients = await documents.Query<UserAccount>()
                .Where(u => !u.Disabled && u.Settings.Notifications.AdminBroadcasts)
                .Select(u => u.Id)
                .ToListAsync(ct);
            foreach (var batch in recipients.Chunk(InsertBatch))
            {
                var records = batch.Select(userId => new NotificationRecord
                {
                    Id = Guid.NewGuid(),
                    OwnerId = userId.ToString(),
                    Kind = NotificationKind.AdminBroadcast,
                    Title = title,
                    Message = message,
                    BroadcastId = broadcastId,
                    CreatedAt = at,
                }).ToList();
                documents.Insert<NotificationRecord>(records);
                await documents.SaveChangesAsync(ct);
                stored.AddRange(records);
            }
        }
        foreach (var record in stored)
            await PushAsync(record);
        return (broadcastId, stored.Count);
    }

    /// <summary>Pushes a stored notification to every connection of its user; one who misses it (offline, Redis down) still finds it unread.</summary>
    public async Task PushAsync(NotificationRecord notification)
    {
        try
        {
            await hub.Clients.User(notification.OwnerId).Notification(notification.ToContract());
        }
        catch (Exception e)
        {
            logger.LogWarning("Notification {NotificationId} was stored but not pushed live: {Error}", notification.Id, e.Message);
        }
    }
}
