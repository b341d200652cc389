using System.Text.Json;
using Platform.Contracts.Jobs;
using Platform.Contracts.Webhooks;
using Platform.IntegrationTests.Infrastructure;

namespace Platform.IntegrationTests.Webhooks;

/// <summary>Calls outlive the host that should make them: they wait in PostgreSQL for a host that delivers.</summary>
public sealed class WebhookDurabilityTests : IAsyncLifetime
{
    private WebhookReceiver _receiver = null!;

    public async Task InitializeAsync() => _receiver = await WebhookReceiver.StartAsync();

    public async Task DisposeAsync() => await _receiver.DisposeAsync();

    [Fact]
    public async Task Calls_wait_while_no_host_delivers_with_progress_folded_into_the_end_and_are_made_once_one_does()
    {
        await using var acceptingOnly = await PlatformApplication.StartAsync("webhook-outbox", With(("Webhooks:Deliver", "false")));
        var client = await acceptingOnly.CreatePlatformClientAsync();
        var url = _receiver.NewUrl();

        var job = await client.SubmitAsync(new SubmitJobRequest("ticker", JsonDocument.Parse("""{"ticks":4,"intervalMs":300}""").RootElement)
        {
            Webhook = new JobWebhook(url),
        });
        await using (var watcher = await JobWatcher.StartAsync(client, job.Id))
            (await watcher.WaitForFinishAsync()).Kind.Should().Be(JobEventKind.Succeeded);

        var waiting = await client.GetWebhookDeliveriesAsync(job.Id);
        waiting.Select(d => (d.Event, d.Status)).Should().Equal(
            (WebhookEvents.Started, WebhookDeliveryStatus.Pending), (WebhookEvents.Completed, WebhookDeliveryStatus.Pending));
        waiting.Should().OnlyContain(d => d.Attempts.Count == 0);

        await using var delivering = acceptingOnly.StartSibling(With());
        var calls = new[] { await _receiver.NextAsync(url), await _receiver.NextAsync(url) };
        calls.Select(c => c.Payload.Type).Should().BeEquivalentTo("job.started", "job.completed");
        var delivered = await WebhookTests.WaitForDeliveriesAsync(client, job.Id, d => d.All(x => x.Status == WebhookDeliveryStatus.Delivered));
        delivered.Select(d => d.Id).Should().Equal(waiting.Select(d => d.Id));
    }

    [Fact]
    public async Task A_call_cut_short_by_its_hosts_shutdown_is_made_by_another_host()
    {
        var first = await PlatformApplication.StartAsync("webhook-handover", With());
        var apiKey = await first.CreateApiKeyAsync();
        var client = first.ClientWithKey(apiKey);
        var url = _receiver.NewUrl();
        _receiver.Answer(url, WebhookReceiver.NoAnswer, 200);

        var job = await client.SubmitAsync(WebhookTests.Noop() with { Webhook = new JobWebhook(url, [WebhookEvents.Completed]) });
        var held = await _receiver.NextAsync(url);
        await using var second = first.StartSibling(With());
        await first.DisposeAsync();
        var made = await _receiver.NextAsync(url);

        made.Id.Should().Be(held.Id);
        var delivery = (await WebhookTests.WaitForDeliveriesAsync(second.ClientWithKey(apiKey), job.Id,
            d => d is [{ Status: WebhookDeliveryStatus.Delivered }])).Single();
        delivery.Attempts.Select(a => (a.Number, a.StatusCode)).Should().Equal((1, null), (2, 200));
        delivery.Attempts[0].Error.Should().Contain("shut down");
    }

    [Fact]
    public async Task Finished_calls_are_deleted_once_past_their_retention_and_pending_ones_are_kept()
    {
        await using var host = await PlatformApplication.StartAsync("webhook-retention",
            With(("Webhooks:Retention", "00:00:01"), ("Webhooks:CleanupInterval", "00:00:00.200"), ("Webhooks:RetryDelay", "01:00:00")));
        var client = await host.CreatePlatformClientAsync();
        var delivered = _receiver.NewUrl();
        var failing = _receiver.NewUrl();
        _receiver.Answer(failing, 500);

        var done = await client.SubmitAsync(WebhookTests.Noop() with { Webhook = new JobWebhook(delivered, [WebhookEvents.Completed]) });
        var retried = await client.SubmitAsync(WebhookTests.Noop() with { Webhook = new JobWebhook(failing, [WebhookEvents.Completed]) });
        await WebhookTests.WaitForDeliveriesAsync(client, done.Id, d => d is [{ Status: WebhookDeliveryStatus.Delivered }]);
        await WebhookTests.WaitForDeliveriesAsync(client, retried.Id, d => d is [{ Status: WebhookDeliveryStatus.Pending, Attempts.Count: 1 }]);

        await Eventually.ReadAsync(() => client.GetWebhookDeliveriesAsync(done.Id), calls => calls.Count == 0,
            "the delivered call is deleted, soon after its retention", TimeSpan.FromSeconds(20), TimeSpan.FromMilliseconds(100));
        (await client.GetWebhookDeliveriesAsync(retried.Id)).Should().ContainSingle("a call waiting for its retry is kept, however old")
            .Which.Status.Should().Be(WebhookDeliveryStatus.Pending);
    }

    private static Dictionary<string, string?> With(params (string Key, string Value)[] settings)
    {
        var all = new Dictionary<string, string?>(WebhookFixture.Settings);
        foreach (var (key, value) in settings)
            all[key] = value;
        return all;
    }
}
