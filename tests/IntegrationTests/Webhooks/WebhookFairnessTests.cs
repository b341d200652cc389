using Platform.Contracts.Jobs;
using Platform.Contracts.Webhooks;
using Platform.IntegrationTests.Infrastructure;

namespace Platform.IntegrationTests.Webhooks;

/// <summary>One owner's receiver that never answers holds only its share of a host's senders.</summary>
public sealed class WebhookFairnessTests : IAsyncLifetime
{
    private WebhookReceiver _receiver = null!;

    public async Task InitializeAsync() => _receiver = await WebhookReceiver.StartAsync();

    public async Task DisposeAsync() => await _receiver.DisposeAsync();

    [Fact]
    public async Task An_owner_whose_receiver_never_answers_holds_only_its_share_of_the_senders_and_another_owners_call_goes_through()
    {
        // A's calls hang for a minute, far beyond the wait for B's call below.
        var settings = new Dictionary<string, string?>(WebhookFixture.Settings)
        {
            ["Webhooks:Concurrency"] = "4",
            ["Webhooks:MaxInFlightPerOwner"] = "2",
            ["Webhooks:ResponseTimeout"] = "00:01:00",
        };
        await using var host = await PlatformApplication.StartAsync("webhook-fairness", settings);
        var (a, b) = (await host.CreatePlatformClientAsync(), await host.CreatePlatformClientAsync());
        var hanging = _receiver.NewUrl();
        _receiver.Answer(hanging, WebhookReceiver.NoAnswer);
        var answering = _receiver.NewUrl();

        var batch = await a.SubmitBatchAsync(new SubmitBatchRequest(
            Enumerable.Range(0, 20).Select(_ => WebhookTests.Noop() with { Webhook = new JobWebhook(hanging, [WebhookEvents.Completed]) }).ToList()));
        await _receiver.NextAsync(hanging, TimeSpan.FromSeconds(30));
        await _receiver.NextAsync(hanging, TimeSpan.FromSeconds(30));
        var job = await b.SubmitAsync(WebhookTests.Noop() with { Webhook = new JobWebhook(answering, [WebhookEvents.Completed]) });
        var call = await _receiver.NextAsync(answering, TimeSpan.FromSeconds(40));

        call.Payload.Job.Id.Should().Be(job.Id);
        _receiver.Unread(hanging).Should().BeEmpty("A may hold two of the host's four senders, and holds them until its calls time out");
        var aCalls = await Task.WhenAll(batch.Jobs.Select(j => a.GetWebhookDeliveriesAsync(j.Id)));
        aCalls.SelectMany(calls => calls).Should().OnlyContain(c => c.Attempts.Count == 0, "none of A's attempts has ended yet");
        await WebhookTests.WaitForDeliveriesAsync(b, job.Id, d => d is [{ Status: WebhookDeliveryStatus.Delivered }]);
    }
}
