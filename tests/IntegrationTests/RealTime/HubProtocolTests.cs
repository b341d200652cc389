using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.SignalR.Client;
using Platform.Contracts.Hubs;
using Platform.Contracts.Jobs;

namespace Platform.IntegrationTests.RealTime;

/// <summary>The hub speaks JSON to browsers and MessagePack to the .NET client; both hear the same thing.</summary>
public sealed class HubProtocolTests(RealTimeFixture hosts) : IClassFixture<RealTimeFixture>
{
    [Fact]
    public async Task The_client_on_MessagePack_gets_a_training_jobs_progress_and_result_as_they_are_stored()
    {
        var apiKey = await hosts.First.CreateApiKeyAsync();
        var client = hosts.First.ClientWithKey(apiKey);
        await using var live = await RecordingLiveConnection.StartAsync(hosts.Second.ClientWithKey(apiKey));
        await live.Live.SubscribeMyJobsAsync();

        var job = await client.SubmitAsync(Training());
        await live.JobEvents.WaitForAsync(e => e.JobId == job.Id && e.Kind == JobEventKind.Succeeded, TimeSpan.FromSeconds(60));

        var received = live.JobEvents.Items.Where(e => e.JobId == job.Id).ToList();
        var stored = await client.GetEventsAsync(job.Id);
        SameEvents(received.Where(e => !e.Transient).ToList(), stored);
        var ticks = received.Where(e => e.Transient).ToList();
        ticks.Should().NotBeEmpty().And.OnlyContain(t => t.Kind == JobEventKind.Progressed && t.Status == JobStatus.Running,
            "a slim tick reaches the client's handlers as the transient progress event it always was");
        ticks.Select(t => t.Metrics!["epoch"]).Should().BeInAscendingOrder();
        ticks.Should().OnlyContain(t => t.Metrics!["loss"] > 0 && t.Progress > 0 && t.Progress <= 100);
        var ended = await client.GetJobAsync(job.Id);
        var succeeded = received.Single(e => e.Kind == JobEventKind.Succeeded);
        JsonNode.DeepEquals(JsonNode.Parse(succeeded.Output!.Value.GetRawText()), JsonNode.Parse(ended.Output!.Value.GetRawText()))
            .Should().BeTrue("the job's output comes through MessagePack as its JSON");
        succeeded.Artifacts.Should().BeEquivalentTo(ended.Artifacts);
    }

    [Fact]
    public async Task A_browser_on_JSON_gets_the_same_stored_events_and_live_ticks_as_the_client_on_MessagePack()
    {
        var apiKey = await hosts.First.CreateApiKeyAsync();
        var client = hosts.First.ClientWithKey(apiKey);
        await using var browser = await LiveConnection.OpenWithKeyAsync(hosts.Second, apiKey);
        await using var sdk = await RecordingLiveConnection.StartAsync(hosts.Second.ClientWithKey(apiKey));

        await browser.Hub.InvokeAsync(nameof(IJobsHub.SubscribeMyJobs));
        await sdk.Live.SubscribeMyJobsAsync();

        var job = await client.SubmitAsync(Training());
        await browser.JobEvents.WaitForAsync(e => e.Kind == JobEventKind.Succeeded, TimeSpan.FromSeconds(60));
        await sdk.JobEvents.WaitForAsync(e => e.Kind == JobEventKind.Succeeded, TimeSpan.FromSeconds(60));

        SameEvents(browser.JobEvents.Items, sdk.JobEvents.Items.Where(e => !e.Transient).ToList());
        browser.JobEvents.Items.Should().NotContain(e => e.Transient, "live ticks come as JobTicked");
        var browserTicks = browser.JobTicks.Items;
        var sdkTicks = sdk.JobEvents.Items.Where(e => e.Transient).ToList();
        browserTicks.Should().NotBeEmpty().And.OnlyContain(t => t.JobId == job.Id && t.Metrics!.ContainsKey("loss"));
        sdkTicks.Should().NotBeEmpty();
        browserTicks[^1].Should().BeEquivalentTo(new { sdkTicks[^1].JobId, sdkTicks[^1].Version, Progress = sdkTicks[^1].Progress!.Value, sdkTicks[^1].Metrics },
            "the last tick before the end reaches every watcher");
    }

    private static SubmitJobRequest Training() =>
        new(JobTypes.Training, JsonSerializer.SerializeToElement(new { epochs = 200, learningRate = 0.05, samples = 2000, features = 4, seed = 5 }));

    private static void SameEvents(IReadOnlyList<JobEvent> actual, IReadOnlyList<JobEvent> expected)
    {
        actual.Select(e => e.Version).Should().Equal(expected.Select(e => e.Version));
        actual.Should().BeEquivalentTo(expected, options => options.Excluding(e => e.Output));
        actual.Zip(expected).Should().OnlyContain(pair => pair.First.Output.HasValue == pair.Second.Output.HasValue
            && (!pair.First.Output.HasValue || JsonNode.DeepEquals(JsonNode.Parse(pair.First.Output.Value.GetRawText()), JsonNode.Parse(pair.Second.Output!.Value.GetRawText()))));
    }
}
