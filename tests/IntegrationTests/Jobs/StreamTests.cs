using System.Diagnostics;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using Platform.Client;
using Platform.Contracts;
using Platform.Contracts.Jobs;
using Platform.IntegrationTests.Infrastructure;
using Platform.Jobs.Live;

namespace Platform.IntegrationTests.Jobs;

/// <summary>The live job feed over plain HTTP: Server-Sent Events and long-polling.</summary>
public sealed class StreamTests(PlatformFixture platform, AcceptOnlyFixture acceptOnly)
    : IClassFixture<PlatformFixture>, IClassFixture<AcceptOnlyFixture>
{
    private static readonly TimeSpan Soon = TimeSpan.FromSeconds(5);

    [Fact]
    public async Task Server_sent_events_deliver_every_stored_event_in_order_with_ids_and_end_after_the_final_one()
    {
        var user = await platform.Application.CreateUserAsync();
        var submitted = await user.Client.SubmitAsync(Generation(steps: 30));
        using var http = WithBearer(platform.Application, user.Tokens.AccessToken);

        using var stream = await EventStream.OpenAsync(http, $"/api/v1/jobs/{submitted.Id}/events");
        stream.Status.Should().Be(HttpStatusCode.OK);
        stream.Response.Content.Headers.ContentType!.MediaType.Should().Be("text/event-stream");
        var messages = await stream.ReadToEndAsync();

        var stored = await user.Client.GetEventsAsync(submitted.Id);
        var withIds = messages.Where(m => m.Id is not null).ToList();
        withIds.Select(m => long.Parse(m.Id!)).Should().Equal(stored.Select(e => e.Version), "every stored event arrives once, in order");
        withIds.Select(m => m.JobEvent.Kind).Should().Equal(stored.Select(e => e.Kind));
        messages.Should().AllSatisfy(m => m.Event.Should().Be(JsonNamingPolicy.CamelCase.ConvertName(m.JobEvent.Kind.ToString())));
        withIds.Should().AllSatisfy(m => m.JobEvent.Version.Should().Be(long.Parse(m.Id!)));
        messages.Where(m => m.Id is null).Should().OnlyContain(m => m.JobEvent.Transient, "only progress ticks that are not stored go without an id");
        messages[^1].Id.Should().Be(stored[^1].Version.ToString(), "the stream ends after the final event");
        messages[^1].Event.Should().Be("succeeded");
    }

    [Fact]
    public async Task Resuming_with_Last_Event_ID_gets_exactly_the_stored_events_after_it()
    {
        var (client, http) = await KeyClientsAsync();
        var finished = await FinishedJobAsync(client);
        var stored = await client.GetEventsAsync(finished);

        using var resumed = await EventStream.OpenAsync(http, $"/api/v1/jobs/{finished}/events?afterVersion=1", lastEventId: "2");
        var messages = await resumed.ReadToEndAsync();

        messages.Select(m => m.Id).Should().Equal(stored.Where(e => e.Version > 2).Select(e => e.Version.ToString()),
            "Last-Event-ID wins over afterVersion, and a finished job has nothing live to add");
    }

    [Fact]
    public async Task The_afterVersion_query_sets_where_a_new_stream_starts()
    {
        var (client, http) = await KeyClientsAsync();
        var finished = await FinishedJobAsync(client);
        var stored = await client.GetEventsAsync(finished);

        using var stream = await EventStream.OpenAsync(http, $"/api/v1/jobs/{finished}/events?afterVersion=3");

        (await stream.ReadToEndAsync()).Select(m => m.Id).Should().Equal(stored.Where(e => e.Version > 3).Select(e => e.Version.ToString()));
    }

    [Fact]
    public async Task Resuming_after_the_final_event_is_204_so_an_EventSource_stops_reconnecting()
    {
        var (client, http) = await KeyClientsAsync();
        var finished = await FinishedJobAsync(client);
        var last = (await client.GetJobAsync(finished)).Version;

        using var stream = await EventStream.OpenAsync(http, $"/api/v1/jobs/{finished}/events", lastEventId: last.ToString());

        stream.Status.Should().Be(HttpStatusCode.NoContent);
    }

    [Fact]
    public async Task Server_sent_events_work_with_an_api_key()
    {
        var apiKey = await platform.Application.CreateApiKeyAsync();
        var client = platform.Application.ClientWithKey(apiKey);
        var submitted = await client.SubmitAsync(Generation(steps: 5));
        using var http = platform.Application.HttpWithKey(apiKey);

        using var stream = await EventStream.OpenAsync(http, $"/api/v1/jobs/{submitted.Id}/events");
        var messages = await stream.ReadToEndAsync();

        stream.Status.Should().Be(HttpStatusCode.OK);
        messages.First().Event.Should().Be("submitted");
        messages.Last().JobEvent.Status.Should().Be(JobStatus.Succeeded);
    }

    [Fact]
    public async Task Another_users_job_is_not_found_before_any_streaming_or_waiting_starts()
    {
        var owner = await platform.Application.CreatePlatformClientAsync();
        var submitted = await owner.SubmitAsync(Generation(steps: 5));
        using var stranger = platform.Application.HttpWithKey(await platform.Application.CreateApiKeyAsync());

        using var stream = await EventStream.OpenAsync(stranger, $"/api/v1/jobs/{submitted.Id}/events");
        var clock = Stopwatch.StartNew();
        using var poll = await stranger.GetAsync($"/api/v1/jobs/{submitted.Id}?waitForChange=30s");

        stream.Status.Should().Be(HttpStatusCode.NotFound);
        stream.Response.Content.Headers.ContentType!.MediaType.Should().Be("application/problem+json");
        poll.StatusCode.Should().Be(HttpStatusCode.NotFound);
        clock.Elapsed.Should().BeLessThan(Soon);
    }

    [Fact]
    public async Task Without_the_event_stream_accept_header_events_are_a_json_page()
    {
        var (client, http) = await KeyClientsAsync();
        var finished = await FinishedJobAsync(client);

        var page = await http.GetFromJsonAsync<JobEventPage>($"/api/v1/jobs/{finished}/events?afterVersion=1", PlatformJson.Options);

        page!.Events.Select(e => e.Version).Should().Equal((await client.GetEventsAsync(finished, afterVersion: 1)).Select(e => e.Version));
        page.NextAfter.Should().BeNull("the page reaches the job's last event");
    }

    [Fact]
    public async Task A_client_that_leaves_a_stream_leaves_no_watcher_behind()
    {
        var app = acceptOnly.Application;
        var apiKey = await app.CreateApiKeyAsync();
        var queued = await app.ClientWithKey(apiKey).SubmitAsync(Generation(steps: 5));
        var feed = app.Service<LiveJobFeed>();
        using var http = app.HttpWithKey(apiKey);

        var stream = await EventStream.OpenAsync(http, $"/api/v1/jobs/{queued.Id}/events");
        (await stream.WaitForAsync(m => m.Event == "submitted")).Id.Should().Be("1");
        feed.WatcherCount(queued.Id).Should().Be(1);
        stream.Dispose();

        await Eventually.HoldsAsync(() => Task.FromResult(feed.WatcherCount(queued.Id) == 0), "the stream's watcher is removed when its client leaves", Soon, TimeSpan.FromMilliseconds(20));
    }

    [Fact]
    public async Task A_long_poll_returns_as_soon_as_the_job_changes()
    {
        var app = acceptOnly.Application;
        var apiKey = await app.CreateApiKeyAsync();
        var client = app.ClientWithKey(apiKey);
        var queued = await client.SubmitAsync(Generation(steps: 5));
        var feed = app.Service<LiveJobFeed>();
        using var http = app.HttpWithKey(apiKey);

        var poll = http.GetAsync($"/api/v1/jobs/{queued.Id}?waitForChange=30s");
        await Eventually.HoldsAsync(() => Task.FromResult(feed.WatcherCount(queued.Id) == 1 || poll.IsCompleted), "the long-poll waits on the job's feed", Soon, TimeSpan.FromMilliseconds(20));
        poll.IsCompleted.Should().BeFalse("the job has not changed yet");
        var clock = Stopwatch.StartNew();
        await client.CancelAsync(queued.Id);
        using var response = await poll;
        clock.Stop();

        response.StatusCode.Should().Be(HttpStatusCode.OK);
        var job = (await response.Content.ReadFromJsonAsync<Job>(PlatformJson.Options))!;
        job.Status.Should().BeOneOf(JobStatus.Cancelling, JobStatus.Cancelled);
        job.Version.Should().BeGreaterThan(queued.Version);
        clock.Elapsed.Should().BeLessThan(Soon, "the change ends the wait, not the 30 s");
        feed.WatcherCount(queued.Id).Should().Be(0, "a long-poll stops watching once it answers");
    }

    [Fact]
    public async Task A_long_poll_on_an_unchanged_job_returns_it_unchanged_once_the_wait_is_up()
    {
        var app = acceptOnly.Application;
        var apiKey = await app.CreateApiKeyAsync();
        var queued = await app.ClientWithKey(apiKey).SubmitAsync(Generation(steps: 5));
        using var http = app.HttpWithKey(apiKey);

        var clock = Stopwatch.StartNew();
        using var response = await http.GetAsync($"/api/v1/jobs/{queued.Id}?waitForChange=500ms");
        clock.Stop();

        response.StatusCode.Should().Be(HttpStatusCode.OK);
        var job = (await response.Content.ReadFromJsonAsync<Job>(PlatformJson.Options))!;
        job.Version.Should().Be(queued.Version);
        job.Status.Should().Be(JobStatus.Queued);
        clock.Elapsed.Should().BeGreaterThanOrEqualTo(TimeSpan.FromMilliseconds(450));
    }

    [Fact]
    public async Task A_long_poll_returns_at_once_when_the_job_is_past_afterVersion_or_finished()
    {
        var app = acceptOnly.Application;
        var apiKey = await app.CreateApiKeyAsync();
        var client = app.ClientWithKey(apiKey);
        var cancelled = await client.CancelAsync((await client.SubmitAsync(Generation(steps: 5))).Id);
        using var http = app.HttpWithKey(apiKey);

        var clock = Stopwatch.StartNew();
        using var behind = await http.GetAsync($"/api/v1/jobs/{cancelled.Id}?waitForChange=30s&afterVersion=1");
        using var finished = await http.GetAsync($"/api/v1/jobs/{cancelled.Id}?waitForChange=30s");
        clock.Stop();

        behind.StatusCode.Should().Be(HttpStatusCode.OK);
        finished.StatusCode.Should().Be(HttpStatusCode.OK);
        (await finished.Content.ReadFromJsonAsync<Job>(PlatformJson.Options))!.Status.Should().Be(JobStatus.Cancelled);
        clock.Elapsed.Should().BeLessThan(Soon);
    }

    [Theory]
    [InlineData("soon")]
    [InlineData("61s")]
    [InlineData("2m")]
    [InlineData("-1s")]
    [InlineData("30")]
    public async Task A_bad_waitForChange_is_a_400_naming_the_field(string waitForChange)
    {
        var (client, http) = await KeyClientsAsync();
        var submitted = await client.SubmitAsync(Generation(steps: 1));

        using var response = await http.GetAsync($"/api/v1/jobs/{submitted.Id}?waitForChange={Uri.EscapeDataString(waitForChange)}");

        response.StatusCode.Should().Be(HttpStatusCode.BadRequest);
        var problem = await response.Content.ReadFromJsonAsync<JsonElement>();
        problem.GetProperty("errors").TryGetProperty("waitForChange", out _).Should().BeTrue();
        problem.GetProperty("code").GetString().Should().Be("validation_failed");
    }

    [Fact]
    public async Task A_stream_on_one_host_sees_progress_and_the_end_of_a_job_another_host_runs()
    {
        var app = acceptOnly.Application;
        var apiKey = await app.CreateApiKeyAsync();
        var queued = await app.ClientWithKey(apiKey).SubmitAsync(Generation(steps: 20));
        using var http = app.HttpWithKey(apiKey);
        using var stream = await EventStream.OpenAsync(http, $"/api/v1/jobs/{queued.Id}/events");
        await stream.WaitForAsync(m => m.Event == "submitted");

        await using var worker = app.StartSibling();
        var messages = await stream.ReadToEndAsync();

        messages.Should().Contain(m => m.Event == "progressed" && m.Id == null, "progress ticks only ever arrive live, here from the other host");
        messages[^1].Event.Should().Be("succeeded");
        var stored = await app.ClientWithKey(apiKey).GetEventsAsync(queued.Id);
        messages.Where(m => m.Id is not null).Select(m => m.Id).Should().Equal(stored.Select(e => e.Version.ToString()));
    }

    private static SubmitJobRequest Generation(int steps) => new(JobTypes.Generation,
        JsonSerializer.SerializeToElement(new { prompt = "a lighthouse at dusk", width = 64, height = 64, steps }));

    private static async Task<Guid> FinishedJobAsync(PlatformClient client)
    {
        var submitted = await client.SubmitAsync(Generation(steps: 6));
        await using var watcher = await JobWatcher.StartAsync(client, submitted.Id);
        await watcher.WaitForFinishAsync();
        return submitted.Id;
    }

    // The typed client and a raw HTTP client of one new user's API key.
    private async Task<(PlatformClient Client, HttpClient Http)> KeyClientsAsync()
    {
        var apiKey = await platform.Application.CreateApiKeyAsync();
        return (platform.Application.ClientWithKey(apiKey), platform.Application.HttpWithKey(apiKey));
    }

    private static HttpClient WithBearer(PlatformApplication app, string accessToken) => new()
    {
        BaseAddress = app.ClientOptions.BaseAddress,
        DefaultRequestHeaders = { Authorization = new AuthenticationHeaderValue("Bearer", accessToken) },
    };
}

/// <summary>A host that accepts jobs but runs none, so they stay queued until a test changes them.</summary>
public sealed class AcceptOnlyFixture() : PlatformFixture("streams", new Dictionary<string, string?> { ["Jobs:RunWorkers"] = "false" });
