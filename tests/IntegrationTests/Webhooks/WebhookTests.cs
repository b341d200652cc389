using System.Net;
using System.Text.Json;
using Platform.Client;
using Platform.Contracts.Jobs;
using Platform.Contracts.Webhooks;
using Platform.IntegrationTests.Infrastructure;

namespace Platform.IntegrationTests.Webhooks;

/// <summary>Two hosts over one database that may call loopback receivers, with short backoffs so retries happen within a test.</summary>
public sealed class WebhookFixture() : PlatformFixture("webhooks", Settings)
{
    public static readonly IReadOnlyDictionary<string, string?> Settings = new Dictionary<string, string?>
    {
        ["Jobs:BenchmarkTypes"] = "true",
        ["Webhooks:AllowPrivateTargets"] = "true",
        ["Webhooks:RetryDelay"] = "00:00:00.200",
        ["Webhooks:MaxAttempts"] = "3",
    };

    public PlatformApplication Sibling { get; private set; } = null!;
    public WebhookReceiver Receiver { get; private set; } = null!;

    public override async Task InitializeAsync()
    {
        Receiver = await WebhookReceiver.StartAsync();
        await base.InitializeAsync();
        Sibling = Application.StartSibling(Settings);
    }

    public override async Task DisposeAsync()
    {
        await Sibling.DisposeAsync();
        await base.DisposeAsync();
        await Receiver.DisposeAsync();
    }
}

public sealed class WebhookTests(WebhookFixture fixture) : IClassFixture<WebhookFixture>
{
    private WebhookReceiver Receiver => fixture.Receiver;

    [Fact]
    public async Task A_job_calls_its_webhook_when_it_starts_progresses_and_completes_with_calls_signed_by_the_owners_secret()
    {
        var client = await fixture.Application.CreatePlatformClientAsync();
        var url = Receiver.NewUrl();

        var job = await client.SubmitAsync(Ticker(ticks: 3, intervalMs: 400) with { Webhook = new JobWebhook(url) });
        var calls = await ReceiveUntilCompletedAsync(url);

        var secret = await client.GetWebhookSecretAsync();
        calls.Should().OnlyContain(call => call.IsSignedWith(secret));
        calls.Should().OnlyContain(call => call.Payload.Job.Id == job.Id);
        calls.Select(call => call.Payload.Type).Should().Contain(["job.started", "job.progress", "job.completed"]);
        calls.Select(call => call.Id).Should().OnlyHaveUniqueItems();
        var completed = calls.Single(call => call.Payload.Type == "job.completed").Payload.Job;
        completed.Status.Should().Be(JobStatus.Succeeded);
        completed.Output!.Value.GetProperty("ticks").GetInt32().Should().Be(3);
        completed.Webhook!.Events.Should().BeEquivalentTo(WebhookEvents.All);

        var deliveries = await WaitForDeliveriesAsync(client, job.Id, d => d.All(call => call.Status == WebhookDeliveryStatus.Delivered));
        deliveries.Select(d => d.Id.ToString()).Should().BeEquivalentTo(calls.Select(call => call.Id));
        deliveries.Should().OnlyContain(d => d.Url == url && d.Attempts.Count == 1 && d.Attempts[0].StatusCode == 200 && d.Attempts[0].Error == null);
    }

    [Fact]
    public async Task A_call_the_receiver_fails_is_retried_with_backoff_and_each_attempt_shows_on_the_job()
    {
        var client = await fixture.Application.CreatePlatformClientAsync();
        var url = Receiver.NewUrl();
        Receiver.Answer(url, 500, 503, 200);

        var job = await client.SubmitAsync(Noop() with { Webhook = new JobWebhook(url, [WebhookEvents.Completed]) });
        var attempts = new[] { await Receiver.NextAsync(url), await Receiver.NextAsync(url), await Receiver.NextAsync(url) };

        attempts.Select(a => a.Id).Distinct().Should().ContainSingle("every attempt of one call carries the call's id");
        (attempts[1].ReceivedAt - attempts[0].ReceivedAt).Should().BeGreaterThan(TimeSpan.FromMilliseconds(150), "the first retry waits about 200 ms");
        (attempts[2].ReceivedAt - attempts[1].ReceivedAt).Should().BeGreaterThan(TimeSpan.FromMilliseconds(300), "the wait doubles");
        var delivery = (await WaitForDeliveriesAsync(client, job.Id, d => d is [{ Status: WebhookDeliveryStatus.Delivered }])).Single();
        delivery.Attempts.Select(a => (a.Number, a.StatusCode)).Should().Equal((1, 500), (2, 503), (3, 200));
        delivery.Attempts[0].Error.Should().Contain("500");
        delivery.Attempts[2].Error.Should().BeNull();
        delivery.NextAttemptAt.Should().BeNull();
    }

    [Fact]
    public async Task A_call_that_keeps_failing_fails_after_its_last_attempt_and_is_not_made_again()
    {
        var client = await fixture.Application.CreatePlatformClientAsync();
        var url = Receiver.NewUrl();
        Receiver.Answer(url, 500);

        var job = await client.SubmitAsync(Noop() with { Webhook = new JobWebhook(url, [WebhookEvents.Completed]) });

        var delivery = (await WaitForDeliveriesAsync(client, job.Id, d => d is [{ Status: WebhookDeliveryStatus.Failed }])).Single();
        delivery.Attempts.Should().HaveCount(3, "this host allows 3 attempts").And.OnlyContain(a => a.StatusCode == 500);
        delivery.NextAttemptAt.Should().BeNull();
        Receiver.Unread(url).Should().HaveCount(3);
    }

    [Fact]
    public async Task Only_the_chosen_events_are_called()
    {
        var client = await fixture.Application.CreatePlatformClientAsync();
        var url = Receiver.NewUrl();

        var job = await client.SubmitAsync(Ticker(ticks: 3, intervalMs: 300) with { Webhook = new JobWebhook(url, [WebhookEvents.Completed]) });
        var call = await Receiver.NextAsync(url);

        call.Payload.Type.Should().Be("job.completed");
        var deliveries = await WaitForDeliveriesAsync(client, job.Id, d => d.All(x => x.Status == WebhookDeliveryStatus.Delivered));
        deliveries.Should().ContainSingle().Which.Event.Should().Be(WebhookEvents.Completed);
    }

    [Fact]
    public async Task A_cancelled_job_calls_back_completed_with_its_cancelled_state()
    {
        var client = await fixture.Application.CreatePlatformClientAsync();
        var url = Receiver.NewUrl();

        var job = await client.SubmitAsync(Noop() with { RunAt = DateTimeOffset.UtcNow.AddHours(1), Webhook = new JobWebhook(url, [WebhookEvents.Completed]) });
        await client.CancelAsync(job.Id);

        var call = await Receiver.NextAsync(url);
        call.Payload.Type.Should().Be("job.completed");
        call.Payload.Job.Status.Should().Be(JobStatus.Cancelled);
    }

    [Fact]
    public async Task After_a_rotation_calls_are_signed_with_the_new_secret_only()
    {
        var client = await fixture.Application.CreatePlatformClientAsync();
        var url = Receiver.NewUrl();
        var old = await client.GetWebhookSecretAsync();

        var rotated = await client.RotateWebhookSecretAsync();
        await client.SubmitAsync(Noop() with { Webhook = new JobWebhook(url, [WebhookEvents.Completed]) });
        var call = await Receiver.NextAsync(url);

        rotated.Should().NotBe(old).And.StartWith(WebhookSignature.SecretPrefix);
        (await client.GetWebhookSecretAsync()).Should().Be(rotated);
        call.IsSignedWith(rotated).Should().BeTrue();
        call.IsSignedWith(old).Should().BeFalse();
    }

    [Fact]
    public async Task Each_call_is_made_once_although_two_hosts_deliver()
    {
        var client = await fixture.Application.CreatePlatformClientAsync();
        var url = Receiver.NewUrl();
        const int jobs = 30;

        var batch = await client.SubmitBatchAsync(new SubmitBatchRequest(
            Enumerable.Range(0, jobs).Select(_ => Noop() with { Webhook = new JobWebhook(url, [WebhookEvents.Completed]) }).ToList()));
        var received = new List<ReceivedCall>();
        for (var i = 0; i < jobs; i++)
            received.Add(await Receiver.NextAsync(url));
        foreach (var job in batch.Jobs)
            await WaitForDeliveriesAsync(client, job.Id, d => d is [{ Status: WebhookDeliveryStatus.Delivered }]);

        received.AddRange(Receiver.Unread(url));
        received.Select(call => call.Payload.Job.Id).Should().BeEquivalentTo(batch.Jobs.Select(job => job.Id));
        received.Select(call => call.Id).Should().OnlyHaveUniqueItems();
    }

    [Fact]
    public async Task Another_users_job_has_no_webhook_calls_to_show()
    {
        var owner = await fixture.Application.CreatePlatformClientAsync();
        var stranger = await fixture.Application.CreatePlatformClientAsync();
        var job = await owner.SubmitAsync(Noop() with { Webhook = new JobWebhook(Receiver.NewUrl(), [WebhookEvents.Completed]) });

        var asked = () => stranger.GetWebhookDeliveriesAsync(job.Id);

        (await asked.Should().ThrowAsync<PlatformApiException>()).Which.Status.Should().Be(HttpStatusCode.NotFound);
    }

    private async Task<List<ReceivedCall>> ReceiveUntilCompletedAsync(string url)
    {
        var calls = new List<ReceivedCall>();
        while (calls.LastOrDefault()?.Payload.Type != "job.completed")
            calls.Add(await Receiver.NextAsync(url));
        return calls;
    }

    // The receiver sees a call before its sender records the answer; the record follows within moments.
    internal static async Task<List<WebhookDelivery>> WaitForDeliveriesAsync(PlatformClient client, Guid jobId, Func<List<WebhookDelivery>, bool> done) =>
        (await Eventually.ReadAsync(async () => new Deliveries(await client.GetWebhookDeliveriesAsync(jobId)), read => read.List.Count > 0 && done(read.List),
            $"the webhook calls of job {jobId} settle", TimeSpan.FromSeconds(20), TimeSpan.FromMilliseconds(50))).List;

    private sealed record Deliveries(List<WebhookDelivery> List)
    {
        public override string ToString() => JsonSerializer.Serialize(List);
    }

    internal static SubmitJobRequest Noop() => new("noop", JsonDocument.Parse("{}").RootElement);

    private static SubmitJobRequest Ticker(int ticks, int intervalMs) =>
        new("ticker", JsonDocument.Parse($$"""{"ticks":{{ticks}},"intervalMs":{{intervalMs}}}""").RootElement);
}
