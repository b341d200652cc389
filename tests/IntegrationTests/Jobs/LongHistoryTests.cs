using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Platform.Contracts;
using Platform.Contracts.Jobs;
using Platform.IntegrationTests.Infrastructure;
using Platform.Jobs.Model;

namespace Platform.IntegrationTests.Jobs;

/// <summary>Histories longer than one page of stored events, replayed and watched.</summary>
public sealed class LongHistoryTests(ChattyJobFixture fixture) : IClassFixture<ChattyJobFixture>
{
    private const int Lines = 1200;

    [Fact]
    public async Task A_history_longer_than_a_page_replays_completely_and_in_order_over_the_hub_SSE_and_events()
    {
        var apiKey = await fixture.Application.CreateApiKeyAsync();
        var client = fixture.Application.ClientWithKey(apiKey);
        var job = await client.WaitForCompletionAsync((await client.SubmitAsync(ChattyJob.Submit(lines: Lines))).Id, TimeSpan.FromMinutes(2));
        job.Version.Should().BeGreaterThan(2 * JobStore.EventPageSize, "the history spans several pages");
        var allVersions = Enumerable.Range(1, (int)job.Version).Select(v => (long)v).ToList();

        var first = await client.GetEventPageAsync(job.Id);
        first.Events.Should().HaveCount(JobStore.EventPageSize);
        first.NextAfter.Should().Be(JobStore.EventPageSize);
        var stored = await client.GetEventsAsync(job.Id);
        stored.Select(e => e.Version).Should().Equal(allVersions, "following nextAfter reads every stored event once, in order");
        stored.Count(e => e.Kind == JobEventKind.Logged).Should().Be(Lines);
        stored[^1].Kind.Should().Be(JobEventKind.Succeeded);

        await using var hub = await JobWatcher.StartAsync(client, job.Id);
        await hub.WaitForFinishAsync();
        hub.Received.Select(e => e.Version).Should().Equal(allVersions, "the hub replays every page, in order");

        using var http = fixture.Application.HttpWithKey(apiKey);
        using var sse = await EventStream.OpenAsync(http, $"/api/v1/jobs/{job.Id}/events");
        (await sse.ReadToEndAsync()).Select(m => long.Parse(m.Id!)).Should().Equal(allVersions, "the stream replays every page, in order");
    }

    [Fact]
    public async Task A_page_that_starts_deep_in_a_history_carries_the_status_and_attempt_of_its_events()
    {
        var client = await fixture.Application.CreatePlatformClientAsync();
        var job = await client.WaitForCompletionAsync((await client.SubmitAsync(ChattyJob.Submit(lines: Lines))).Id, TimeSpan.FromMinutes(2));
        var whole = await client.GetEventsAsync(job.Id);

        var deep = await client.GetEventPageAsync(job.Id, afterVersion: 700, limit: 50);

        deep.Events.Select(e => (e.Version, e.Status, e.Attempt, e.Message)).Should().Equal(
            whole.Where(e => e.Version is > 700 and <= 750).Select(e => (e.Version, e.Status, e.Attempt, e.Message)));
        deep.NextAfter.Should().Be(750);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(JobStore.EventPageSize + 1)]
    public async Task A_limit_outside_one_to_a_page_is_a_400_naming_the_field(int limit)
    {
        var apiKey = await fixture.Application.CreateApiKeyAsync();
        var job = await fixture.Application.ClientWithKey(apiKey).SubmitAsync(ChattyJob.Submit(lines: 1));
        using var http = fixture.Application.HttpWithKey(apiKey);

        using var response = await http.GetAsync($"/api/v1/jobs/{job.Id}/events?limit={limit}");

        response.StatusCode.Should().Be(HttpStatusCode.BadRequest);
        var problem = await response.Content.ReadFromJsonAsync<JsonElement>(PlatformJson.Options);
        problem.GetProperty("errors").TryGetProperty("limit", out _).Should().BeTrue();
        problem.GetProperty("code").GetString().Should().Be("validation_failed");
    }
}
