using Platform.Jobs.Notifications;

namespace Platform.Host.Accounts;

/// <summary>
/// Preferences from the account cache, so finishing a job does not read its owner's account each time. Changing
/// settings evicts the account on every host, so a change takes effect as it does for authentication.
/// </summary>
public sealed class CachedNotificationPreferences(AccountCache accounts) : INotificationPreferences
{
    public async ValueTask<NotificationPreferences?> OfAsync(Guid userId, CancellationToken ct) =>
        await accounts.UserAsync(userId, ct) is { Disabled: false } user ? user.Settings.Notifications : null;
}
