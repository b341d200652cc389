using Platform.Contracts.Webhooks;
using Platform.Host.Jobs;
using Platform.Jobs.Model;
using Platform.Storage.Webhooks;

namespace Platform.Host.Webhooks;

/// <summary>
/// The caller's webhook signing secret, and each job's webhook calls with every attempt. Those who may submit jobs
/// (and so name webhook URLs) may read and rotate the secret.
/// </summary>
public static class WebhooksApi
{
    public static RouteGroupBuilder MapWebhooksApi(this IEndpointRouteBuilder app)
    {
        var webhooks = app.MapApiGroup("/api/v1/webhooks", "Webhooks", Scopes.JobsWrite);

        webhooks.MapGet("/secret", GetSecretAsync)
            .Describe("GetWebhookSecret", "The secret my jobs' webhook calls are signed with (created on first use)");
        webhooks.MapPost("/secret/rotate", RotateSecretAsync)
            .Describe("RotateWebhookSecret", "Replace my webhook signing secret; calls from now on, retries included, use the new one");
        return webhooks;
    }

    /// <summary><c>GET /api/v1/jobs/{id}/webhooks</c>: the job's webhook calls, oldest first, each with its attempts.</summary>
    public static RouteGroupBuilder MapJobWebhooks(this RouteGroupBuilder jobs)
    {
        jobs.MapGet("/{id:guid}/webhooks", ListDeliveriesAsync)
            .Describe("GetJobWebhookDeliveries", "A job's webhook calls and every attempt to make them")
            .RequireAuthorization(Scopes.JobsRead);
        return jobs;
    }

    private static async Task<Ok<WebhookSigningSecret>> GetSecretAsync(ClaimsPrincipal caller, WebhookSecrets secrets, CancellationToken ct) =>
        TypedResults.Ok(new WebhookSigningSecret(await secrets.GetOrCreateAsync(caller.OwnerId(), ct)));

    private static async Task<Ok<WebhookSigningSecret>> RotateSecretAsync(ClaimsPrincipal caller, WebhookSecrets secrets, CancellationToken ct) =>
        TypedResults.Ok(new WebhookSigningSecret(await secrets.RotateAsync(caller.OwnerId(), ct)));

    private static async Task<Results<Ok<IReadOnlyList<WebhookDelivery>>, ProblemHttpResult>> ListDeliveriesAsync(
        Guid id, ClaimsPrincipal caller, JobStore store, WebhookOutbox outbox, CancellationToken ct)
    {
        if (await store.GetOwnedAsync(id, caller.OwnerId(), ct) is null)
            return JobsApi.NotFound(id);
        return TypedResults.Ok(await outbox.ListAsync(id, ct));
    }
}
