using Marten;
using Platform.Contracts.Notifications;
using Platform.Contracts.Organizations;
using Platform.Jobs.Credits;
using Platform.Jobs.Notifications;
using Platform.Storage.Credits;
using Platform.Storage.Notifications;
using Platform.Storage.Organizations;

namespace Platform.Host.Credits;

/// <summary>A low balance is told to its owner: the user, or an organization's owners and admins, as a stored notification pushed live.</summary>
public sealed class LowBalanceNotifications(IDocumentStore documents, INotificationPusher pusher, TimeProvider clock) : ILowBalanceListener
{
    public async Task BalanceLowAsync(CreditAccount account, CancellationToken ct)
    {
        if (!Guid.TryParse(account.OwnerId, out var ownerId))
            return;
        await using var session = documents.LightweightSession();
        var organization = await session.LoadAsync<OrganizationRecord>(ownerId, ct);
        var (recipients, whose) = organization is null
            ? ([ownerId], "Your")
            : (organization.Members.Where(member => member.Role >= OrganizationRole.Admin).Select(member => member.UserId).ToList(), $"{organization.Name}'s");
        var notifications = recipients.Select(userId => new NotificationRecord
        {
            Id = Guid.CreateVersion7(),
            OwnerId = userId.ToString(),
            Kind = NotificationKind.BalanceLow,
            Title = "Credits running low",
            Message = $"{whose} available credits are {account.Available}, below the {account.LowThreshold} set to warn at.",
            CreatedAt = clock.GetUtcNow(),
        }).ToList();
        session.Store<NotificationRecord>(notifications);
        await session.SaveChangesAsync(ct);
        foreach (var notification in notifications)
            await pusher.PushAsync(notification);
    }
}
