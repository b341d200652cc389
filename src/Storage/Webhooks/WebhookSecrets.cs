using Marten;
using JasperFx;
using Platform.Contracts.Webhooks;

namespace Platform.Storage.Webhooks;

/// <summary>The key a user's webhook calls are signed with, created the first time anyone needs it.</summary>
public sealed class WebhookSecretRecord
{
    /// <summary>The owner's user id.</summary>
    public string Id { get; set; } = "";

    public string Secret { get; set; } = "";
    public DateTimeOffset CreatedAt { get; set; }
}

public sealed class WebhookSecrets(IDocumentStore store)
{
    /// <summary>The owner's secret; the first caller creates it and every other, on any host, gets the same one.</summary>
    public async Task<string> GetOrCreateAsync(string ownerId, CancellationToken ct)
    {
        await using (var query = store.QuerySession())
        {
            if (await query.LoadAsync<WebhookSecretRecord>(ownerId, ct) is { } existing)
                return existing.Secret;
        }
        var created = new WebhookSecretRecord { Id = ownerId, Secret = WebhookSignature.NewSecret(), CreatedAt = DateTimeOffset.UtcNow };
        try
        {
            await using var session = store.LightweightSession();
            session.Insert(created);
            await session.SaveChangesAsync(ct);
            return created.Secret;
        }
        catch (DocumentAlreadyExistsException)
        {
            await using var query = store.QuerySession();
            return (await query.LoadAsync<WebhookSecretRecord>(ownerId, ct))!.Secret;
        }
    }

    /// <summary>Replaces the owner's secret: calls from now on, retries included, are signed with the new one.</summary>
    public async Task<string> RotateAsync(string ownerId, CancellationToken ct)
    {
        var rotated = new WebhookSecretRecord { Id = ownerId, Secret = WebhookSignature.NewSecret(), CreatedAt = DateTimeOffset.UtcNow };
        await using var session = store.LightweightSession();
        session.Store(rotated);
        await session.SaveChangesAsync(ct);
        return rotated.Secret;
    }
}
