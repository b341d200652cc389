using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Platform.Contracts;
using Platform.Contracts.Jobs;
using Platform.Host.Jobs;
using Platform.IntegrationTests.Infrastructure;

namespace Platform.IntegrationTests.Jobs;

/// <summary>A host that runs no jobs and lets each user hold two streams open.</summary>
public sealed class StreamLimitFixture() : PlatformFixture("stream-limits", new Dictionary<string, string?>
{
    ["Jobs:RunWorkers"] = "false",
    [StreamSlots.Setting] = "2",
});

/// <summary>How many event streams and long-polls one user may hold open on a host.</summary>
public sealed class StreamLimitTests(StreamLimitFixture fixture) : IClassFixture<StreamLimitFixture>
{
    private static readonly TimeSpan Soon = TimeSpan.FromSeconds(10);

    [Fact]
    public async Task A_stream_past_the_per_user_limit_is_a_429_naming_it_and_a_stream_that_ends_frees_its_slot()
    {
        var user = await fixture.Application.CreateUserAsync();
        var (first, second) = (await user.Client.SubmitAsync(Queued()), await user.Client.SubmitAsync(Queued()));
        using var http = fixture.Application.HttpWithKey((await user.WithApiKeyAsync("jobs:read")).Key.Secret);
        using var one = await OpenAsync(http, first.Id);
        using var two = await OpenAsync(http, second.Id);

        using var third = await EventStream.OpenAsync(http, $"/api/v1/jobs/{first.Id}/events");
        using var poll = await http.GetAsync($"/api/v1/jobs/{first.Id}?waitForChange=30s");
        var strangerKey = await fixture.Application.CreateApiKeyAsync();
        using var stranger = fixture.Application.HttpWithKey(strangerKey);
        var strangersJob = await fixture.Application.ClientWithKey(strangerKey).SubmitAsync(Queued());
        using var strangers = await OpenAsync(stranger, strangersJob.Id);

        third.Status.Should().Be(HttpStatusCode.TooManyRequests);
        var problem = await third.Response.Content.ReadFromJsonAsync<JsonElement>(PlatformJson.Options);
        problem.GetProperty("code").GetString().Should().Be("too_many_streams");
        problem.GetProperty("detail").GetString().Should().Contain(StreamSlots.Setting);
        poll.StatusCode.Should().Be(HttpStatusCode.TooManyRequests, "a long-poll takes a slot as a stream does");
        strangers.Status.Should().Be(HttpStatusCode.OK, "the limit is each user's own");

        await user.Client.CancelAsync(first.Id);
        (await one.ReadToEndAsync(Soon))[^1].Event.Should().Be("cancelled");
        using var again = await Eventually.ReadAsync(() => EventStream.OpenAsync(http, $"/api/v1/jobs/{second.Id}/events"),
            stream => stream.Status == HttpStatusCode.OK, "the ended stream's slot is free again", Soon, TimeSpan.FromMilliseconds(50));
        (await again.WaitForAsync(m => m.Event == "submitted", Soon)).Id.Should().Be("1");
    }

    [Fact]
    public async Task A_waiting_long_poll_holds_a_slot_until_it_answers()
    {
        var user = await fixture.Application.CreateUserAsync();
        var job = await user.Client.SubmitAsync(Queued());
        using var http = fixture.Application.HttpWithKey((await user.WithApiKeyAsync("jobs:read")).Key.Secret);
        using var stream = await OpenAsync(http, job.Id);
        var slots = fixture.Application.Service<StreamSlots>();

        var poll = http.GetAsync($"/api/v1/jobs/{job.Id}?waitForChange=30s");
        await Eventually.HoldsAsync(() => Task.FromResult(slots.OpenBy(user.Id.ToString()) == 2 || poll.IsCompleted), "the long-poll waits", Soon);
        using var refused = await EventStream.OpenAsync(http, $"/api/v1/jobs/{job.Id}/events");
        await user.Client.CancelAsync(job.Id);
        using var answered = await poll;

        refused.Status.Should().Be(HttpStatusCode.TooManyRequests);
        answered.StatusCode.Should().Be(HttpStatusCode.OK);
        await Eventually.HoldsAsync(() => Task.FromResult(slots.OpenBy(user.Id.ToString()) == 0), "the answered poll and the ended stream hold no slot", Soon);
    }

    private static async Task<EventStream> OpenAsync(HttpClient http, Guid jobId)
    {
        var stream = await EventStream.OpenAsync(http, $"/api/v1/jobs/{jobId}/events");
        stream.Status.Should().Be(HttpStatusCode.OK);
        await stream.WaitForAsync(m => m.Event == "submitted", Soon);
        return stream;
    }

    private static SubmitJobRequest Queued() =>
        new(JobTypes.Generation, JsonSerializer.SerializeToElement(new { prompt = "a quiet harbour", width = 64, height = 64, steps = 5 }));
}
