using System.Text.Json;
using Marten;
using Platform.Contracts;
using Platform.Contracts.Credits;
using Platform.Storage.Credits;
using Platform.Storage.Webhooks;

namespace Platform.Jobs.Credits;

/// <summary>
/// Calls the owner's low-balance webhook through the webhook outbox, signed with the owner's webhook secret and retried
/// as job calls are. It belongs to no job: its row names the empty job id.
/// </summary>
public sealed class LowBalanceWebhook(IDocumentStore documents, CreditCommands credits, TimeProvider clock) : ILowBalanceListener
{
    public async Task BalanceLowAsync(CreditAccount account, CancellationToken ct)
    {
        if (account.LowWebhook is not { } url)
            return;
        var payload = JsonSerializer.Serialize(
            new BalanceWebhookPayload(BalanceWebhookPayload.LowType, clock.GetUtcNow(), credits.ToContract(account, plan: null)), PlatformJson.Options);
        await using var session = documents.LightweightSession();
        WebhookOutbox.AddCall(session, Guid.Empty, account.OwnerId, url, BalanceWebhookPayload.LowType, 0, payload);
        WebhookOutbox.WakeDispatchers(session);
        await session.SaveChangesAsync(ct);
    }
}
