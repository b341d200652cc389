using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Platform.Client;
using Platform.Contracts.Jobs;
using Platform.IntegrationTests.Infrastructure;

namespace Platform.IntegrationTests.Jobs;

public sealed class BatchTests(PlatformFixture platform) : IClassFixture<PlatformFixture>
{
    private PlatformApplication App => platform.Application;

    [Fact]
    public async Task A_batch_of_valid_jobs_runs_to_the_end_and_its_view_counts_them_finished()
    {
        var client = await App.CreatePlatformClientAsync();
        await using var watcher = await JobWatcher.StartForMyJobsAsync(client);

        var batch = await client.SubmitBatchAsync(new SubmitBatchRequest([Tiny(1), Tiny(2), Tiny(3)]));

        batch.JobIds.Should().HaveCount(3).And.OnlyHaveUniqueItems();
        batch.Total.Should().Be(3);
        batch.Jobs.Select(j => j.Id).Should().Equal(batch.JobIds);
        foreach (var jobId in batch.JobIds)
            (await watcher.WaitForFinishAsync(jobId)).Kind.Should().Be(JobEventKind.Succeeded);
        var finished = await client.GetBatchAsync(batch.Id);
        finished.Finished.Should().BeTrue();
        finished.Counts.Should().Be(new JobStats(3, 0, 0, 3, 0, 0));
        finished.Progress.Should().Be(100);
        finished.Jobs.Should().OnlyContain(j => j.Status == JobStatus.Succeeded && j.Progress == 100 && j.Type == JobTypes.Generation);
        (await client.GetJobAsync(batch.JobIds[1])).BatchId.Should().Be(batch.Id);
    }

    [Fact]
    public async Task A_batch_with_one_invalid_job_is_refused_naming_that_job_and_stores_nothing()
    {
        var apiKey = await App.CreateApiKeyAsync();
        using var http = App.HttpWithKey(apiKey);
        var body = """
            { "jobs": [
              { "type": "generation", "input": { "prompt": "fine", "width": 16, "height": 16, "steps": 1 } },
              { "type": "generation", "input": { "prompt": "fine", "width": 16, "height": 16, "steps": 1 } },
              { "type": "generation", "input": { "prompt": "bad", "width": 16, "height": 16, "steps": -1 } }
            ] }
            """;

        using var response = await http.PostAsync("api/v1/jobs/batch", new StringContent(body, Encoding.UTF8, "application/json"));

        response.StatusCode.Should().Be(HttpStatusCode.BadRequest);
        var problem = await response.Content.ReadFromJsonAsync<JsonElement>();
        problem.GetProperty("code").GetString().Should().Be("validation_failed");
        problem.GetProperty("errors").EnumerateObject().Select(e => e.Name).Should().Equal("jobs[2].input.steps");
        (await App.ClientWithKey(apiKey).GetStatsAsync()).Total.Should().Be(0);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(101)]
    public async Task A_batch_of_no_jobs_or_more_than_the_maximum_is_refused(int size)
    {
        var client = await App.CreatePlatformClientAsync();

        var submit = () => client.SubmitBatchAsync(new SubmitBatchRequest(Enumerable.Range(1, size).Select(Tiny).ToList()));

        var refused = (await submit.Should().ThrowAsync<PlatformApiException>()).Which;
        refused.Status.Should().Be(HttpStatusCode.BadRequest);
        refused.Errors.Keys.Should().Equal("jobs");
        (await client.GetStatsAsync()).Total.Should().Be(0);
    }

    [Fact]
    public async Task Another_users_batch_is_not_found()
    {
        var owner = await App.CreatePlatformClientAsync();
        var stranger = await App.CreatePlatformClientAsync();
        var batch = await owner.SubmitBatchAsync(new SubmitBatchRequest([Tiny(1)]));

        var peek = () => stranger.GetBatchAsync(batch.Id);

        (await peek.Should().ThrowAsync<PlatformApiException>()).Which.Status.Should().Be(HttpStatusCode.NotFound);
        (await owner.GetBatchAsync(batch.Id)).JobIds.Should().Equal(batch.JobIds);
    }

    [Fact]
    public async Task A_batch_sent_again_with_its_idempotency_key_is_the_same_batch_and_another_batch_under_it_a_conflict()
    {
        var client = await App.CreatePlatformClientAsync();
        var key = IdempotencyTests.NewKey();
        var request = new SubmitBatchRequest([Tiny(1), Tiny(2)]);

        var first = await client.SubmitBatchAsync(request, key);
        var again = await client.SubmitBatchAsync(request, key);
        var other = () => client.SubmitBatchAsync(new SubmitBatchRequest([Tiny(1)]), key);
        var single = () => client.SubmitAsync(Tiny(1), key);

        again.Id.Should().Be(first.Id);
        again.JobIds.Should().Equal(first.JobIds);
        (await other.Should().ThrowAsync<PlatformApiException>()).Which.Code.Should().Be("idempotency_key_reused");
        (await single.Should().ThrowAsync<PlatformApiException>()).Which.Code.Should().Be("idempotency_key_reused");
        (await client.GetStatsAsync()).Total.Should().Be(2);
    }

    [Fact]
    public async Task The_counts_of_a_users_jobs_add_up_to_what_they_submitted_at_every_moment_while_the_jobs_run()
    {
        var client = await App.CreatePlatformClientAsync();
        await using var watcher = await JobWatcher.StartForMyJobsAsync(client);
        var batch = await client.SubmitBatchAsync(new SubmitBatchRequest(Enumerable.Range(1, 20).Select(Tiny).ToList()));
        var allFinished = Task.WhenAll(batch.JobIds.Select(id => watcher.WaitForFinishAsync(id)));

        var readings = new List<JobStats>();
        while (!allFinished.IsCompleted)
            readings.Add(await client.GetStatsAsync());
        await allFinished;
        readings.Add(await client.GetStatsAsync());

        readings.Should().OnlyContain(stats => stats.Total == 20, "a job moving from one status to the next is still one job");
        readings.Should().OnlyContain(stats => stats.Queued + stats.Running + stats.Succeeded + stats.Failed + stats.Cancelled == 20);
        readings.Last().Succeeded.Should().Be(20);
    }

    private static SubmitJobRequest Tiny(int seed) => new(JobTypes.Generation,
        JsonSerializer.SerializeToElement(new { prompt = $"tiny {seed}", width = 16, height = 16, steps = 1 }));
}
