using System.Net;
using System.Text.Json;
using Platform.Client;
using Platform.Contracts.Jobs;
using Platform.IntegrationTests.Infrastructure;

namespace Platform.IntegrationTests.Jobs;

public sealed class LogTests(RetryFixture fixture) : IClassFixture<RetryFixture>
{
    [Fact]
    public async Task A_jobs_log_lines_arrive_live_and_read_back_in_pages_with_their_attempt()
    {
        var client = await fixture.Application.CreatePlatformClientAsync();
        var submitted = await client.SubmitAsync(new SubmitJobRequest("flaky",
            JsonSerializer.SerializeToElement(new { failAttempts = 1 }), MaxAttempts: 2));
        await using var watcher = await JobWatcher.StartAsync(client, submitted.Id);
        await watcher.WaitForFinishAsync();

        var live = watcher.Stored.Where(e => e.Kind == JobEventKind.Logged).ToList();
        var all = await client.GetLogsAsync(submitted.Id);
        var second = await client.GetLogsAsync(submitted.Id, page: 2, pageSize: 1);

        live.Select(e => e.Message).Should().Equal("attempt 1 working for 0 ms", "attempt 2 working for 0 ms");
        all.Total.Should().Be(2);
        all.Items.Select(l => (l.Attempt, l.Message)).Should().Equal((1, "attempt 1 working for 0 ms"), (2, "attempt 2 working for 0 ms"));
        all.Items.Select(l => l.Version).Should().Equal(live.Select(e => e.Version));
        second.Items.Should().ContainSingle().Which.Attempt.Should().Be(2);
        (await client.GetLogsAsync(submitted.Id, JobLogLevel.Warning)).Items.Should().BeEmpty();
    }

    [Fact]
    public async Task An_unknown_log_level_is_refused_naming_the_parameter()
    {
        var apiKey = await fixture.Application.CreateApiKeyAsync();
        var client = fixture.Application.ClientWithKey(apiKey);
        var submitted = await client.SubmitAsync(new SubmitJobRequest("flaky", JsonSerializer.SerializeToElement(new { })));

        var response = await fixture.Application.HttpWithKey(apiKey).GetAsync($"api/v1/jobs/{submitted.Id}/logs?level=loud");

        response.StatusCode.Should().Be(HttpStatusCode.BadRequest);
        (await response.Content.ReadAsStringAsync()).Should().Contain("\"level\"");
        var refused = () => client.GetLogsAsync(submitted.Id, pageSize: 1000);
        (await refused.Should().ThrowAsync<PlatformApiException>()).Which.Errors.Should().ContainKey("pageSize");
    }
}
