using System.Net;
using System.Net.Http.Json;
using System.Text;
using Platform.Client;
using Platform.Contracts.Jobs;
using Platform.Contracts.Webhooks;
using Platform.IntegrationTests.Infrastructure;

namespace Platform.IntegrationTests.Webhooks;

/// <summary>A host as configured by default: webhooks may not call loopback or private addresses.</summary>
public sealed class GuardedWebhookFixture() : PlatformFixture("webhook-targets", new Dictionary<string, string?> { ["Jobs:BenchmarkTypes"] = "true" })
{
    public WebhookReceiver Receiver { get; private set; } = null!;

    public override async Task InitializeAsync()
    {
        Receiver = await WebhookReceiver.StartAsync();
        await base.InitializeAsync();
    }

    public override async Task DisposeAsync()
    {
        await base.DisposeAsync();
        await Receiver.DisposeAsync();
    }
}

public sealed class WebhookTargetTests(GuardedWebhookFixture fixture) : IClassFixture<GuardedWebhookFixture>
{
    [Theory]
    [InlineData("""{"url":"ftp://hooks.example.com/x"}""", "webhook.url", "http or https")]
    [InlineData("""{"url":"/relative/path"}""", "webhook.url", "absolute")]
    [InlineData("""{"url":""}""", "webhook.url", "required")]
    [InlineData("""{"url":"https://user:secret@hooks.example.com/x"}""", "webhook.url", "password")]
    [InlineData("""{"url":"http://127.0.0.1:8080/x"}""", "webhook.url", "private")]
    [InlineData("""{"url":"http://localhost/x"}""", "webhook.url", "private")]
    [InlineData("""{"url":"http://localhost./x"}""", "webhook.url", "private")]
    [InlineData("""{"url":"http://2130706433/x"}""", "webhook.url", "private")]
    [InlineData("""{"url":"http://10.0.0.7/x"}""", "webhook.url", "private")]
    [InlineData("""{"url":"http://192.168.1.20/x"}""", "webhook.url", "private")]
    [InlineData("""{"url":"http://169.254.169.254/latest/meta-data"}""", "webhook.url", "private")]
    [InlineData("""{"url":"http://[::1]/x"}""", "webhook.url", "private")]
    [InlineData("""{"url":"http://[::ffff:127.0.0.1]/x"}""", "webhook.url", "private")]
    [InlineData("""{"url":"https://hooks.example.com/x","events":["finished"]}""", "webhook.events[0]", "not a webhook event")]
    [InlineData("""{"url":"https://hooks.example.com/x","events":[]}""", "webhook.events", "at least one")]
    public async Task A_webhook_that_may_not_be_called_is_refused_at_submit_naming_the_field(string webhook, string field, string reason)
    {
        var apiKey = await fixture.Application.CreateApiKeyAsync();
        using var http = fixture.Application.HttpWithKey(apiKey);

        var response = await http.PostAsync("api/v1/jobs", new StringContent(
            $$"""{"type":"noop","input":{},"webhook":{{webhook}}}""", Encoding.UTF8, "application/json"));

        response.StatusCode.Should().Be(HttpStatusCode.BadRequest);
        var problem = await response.Content.ReadFromJsonAsync<ValidationProblemBody>();
        problem!.Errors.Should().ContainKey(field).WhoseValue.Single().Should().Contain(reason);
        (await fixture.Application.ClientWithKey(apiKey).GetStatsAsync()).Total.Should().Be(0, "nothing was stored");
    }

    [Fact]
    public async Task A_host_name_that_resolves_to_a_private_address_is_refused_when_called_and_not_tried_again()
    {
        var client = await fixture.Application.CreatePlatformClientAsync();
        // The machine's own name resolves to one of its loopback or private addresses, and names none at submit.
        var ownName = Dns.GetHostName();
        (await Dns.GetHostAddressesAsync(ownName)).Should().NotBeEmpty().And.OnlyContain(a => !Platform.Jobs.Webhooks.WebhookTargets.IsPublic(a));
        var url = fixture.Receiver.NewUrl(host: ownName);

        var job = await client.SubmitAsync(WebhookTests.Noop() with { Webhook = new JobWebhook(url, [WebhookEvents.Completed]) });

        var delivery = (await WebhookTests.WaitForDeliveriesAsync(client, job.Id, d => d is [{ Status: WebhookDeliveryStatus.Failed }])).Single();
        delivery.Attempts.Should().ContainSingle().Which.Error.Should().Contain("private address");
        delivery.Attempts[0].StatusCode.Should().BeNull();
        fixture.Receiver.Unread(url).Should().BeEmpty("no request reached the receiver");
    }

    private sealed record ValidationProblemBody(Dictionary<string, string[]> Errors);
}
