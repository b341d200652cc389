using System.Text.Json;
using Marten;
using Platform.Contracts;
using Platform.Contracts.Webhooks;
using Platform.Jobs.Model;
using Platform.Storage.Webhooks;

namespace Platform.Jobs.Webhooks;

/// <summary>
/// The webhook calls of events being appended to one job: each event the job's webhook asks for is reported with the
/// job as it stood right after that event. Fed while the events are folded, staged into the same transaction.
/// </summary>
internal sealed class WebhookCalls
{
    private readonly JobWebhook _webhook;
    private readonly DateTimeOffset _now;
    private readonly List<(string Event, long Version, string Payload)> _calls = [];

    private WebhookCalls(JobWebhook webhook, DateTimeOffset now) => (_webhook, _now) = (webhook, now);

    /// <summary>Null for a job without a webhook: it calls nobody.</summary>
    public static WebhookCalls? For(JobView job, TimeProvider clock) =>
        job.Webhook is { } webhook ? new WebhookCalls(webhook, clock.GetUtcNow()) : null;

    public void Add(object @event, JobView after)
    {
        if (EventOf(@event) is not { } webhookEvent || _webhook.Events?.Contains(webhookEvent) == false)
            return;
        var payload = JsonSerializer.Serialize(new WebhookPayload(WebhookEvents.TypeOf(webhookEvent), _now, after.ToContract()), PlatformJson.Options);
        _calls.Add((webhookEvent, after.Version, payload));
    }

    public void Stage(IDocumentOperations session, JobView job)
    {
        if (_calls.Count == 0)
            return;
        foreach (var (webhookEvent, version, payload) in _calls)
            WebhookOutbox.AddCall(session, job.Id, job.OwnerId, _webhook.Url, webhookEvent, version, payload);
        WebhookOutbox.WakeDispatchers(session);
    }

    private static string? EventOf(object @event) => @event switch
    {
        JobStarted => WebhookEvents.Started,
        JobProgressed => WebhookEvents.Progress,
        JobSucceeded or JobFailed or JobCancelled => WebhookEvents.Completed,
        _ => null,
    };
}
