using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Platform.Client;
using Platform.Contracts;
using Platform.Contracts.Accounts;
using Platform.Contracts.Jobs;
using Platform.Contracts.Projects;
using Platform.Contracts.Workers;
using Platform.Host.Workers;
using Platform.IntegrationTests.Infrastructure;
using Platform.IntegrationTests.Workers;

namespace Platform.IntegrationTests.Jobs;

/// <summary>A host that keeps at most <see cref="MaxPoints"/> points a series and knows one remote type, <c>metered</c>, whose jobs tests run by hand.</summary>
public sealed class MetricsFixture() : PlatformFixture("metrics", new Dictionary<string, string?>
{
    ["Jobs:Reports:MaxMetricPoints"] = MaxPoints.ToString(),
    ["Jobs:MaxMetricAggregatePeriod"] = "31.00:00:00",
    [$"Jobs:RemoteTypes:{Type}:Description"] = "Reports what it is told to.",
    [$"Jobs:RemoteTypes:{Type}:InputSchema"] = """{ "type": "object" }""",
})
{
    public const int MaxPoints = 50;
    public const string Type = "metered";
}

public sealed class MetricTests(MetricsFixture platform) : IClassFixture<MetricsFixture>
{
    private PlatformApplication App => platform.Application;

    [Fact]
    public async Task A_training_job_that_ends_within_a_second_has_every_epochs_loss_in_its_series()
    {
        var client = await App.CreatePlatformClientAsync();

        var job = await TrainAsync(client, epochs: 40);

        var metrics = await client.GetJobMetricsAsync(job.Id);
        metrics.Series.Keys.Should().BeEquivalentTo("epoch", "loss");
        metrics.Series["epoch"].Select(p => p.Value).Should().Equal(Enumerable.Range(1, 40).Select(e => (double)e), "every epoch is kept, not only the stored progress");
        var loss = metrics.Series["loss"];
        loss.Select(p => p.Step).Should().Equal(Enumerable.Range(0, 40).Select(s => (long)s));
        loss.Select(p => p.At).Should().BeInAscendingOrder();
        loss[^1].Value.Should().Be(job.Output!.Value.GetProperty("finalLoss").GetDouble());
        loss[^1].Value.Should().BeLessThan(loss[0].Value);
        (await client.GetJobMetricsAsync(job.Id, "loss")).Series.Keys.Should().Equal("loss");
        (await client.GetJobMetricsAsync(job.Id, "accuracy")).Series.Should().BeEmpty();
    }

    [Fact]
    public async Task A_series_past_the_bound_is_thinned_evenly_and_keeps_its_first_and_last_point()
    {
        var client = await App.CreatePlatformClientAsync();

        var job = await TrainAsync(client, epochs: 1000);

        var loss = (await client.GetJobMetricsAsync(job.Id, "loss")).Series["loss"];
        loss.Count.Should().BeInRange(MetricsFixture.MaxPoints / 2, MetricsFixture.MaxPoints);
        loss[0].Step.Should().Be(0);
        loss[^1].Step.Should().Be(999);
        loss[^1].Value.Should().Be(job.Output!.Value.GetProperty("finalLoss").GetDouble(), "the last point reported is always kept");
        var gaps = loss.Zip(loss.Skip(1), (a, b) => b.Step - a.Step).SkipLast(1).Distinct().ToList();
        gaps.Should().ContainSingle("the points kept are evenly spaced over the whole run");
    }

    [Fact]
    public async Task A_remote_workers_reported_metrics_form_a_series_and_its_last_value_is_the_final_one()
    {
        var (client, key) = await (await App.CreateUserAsync()).WithApiKeyAsync(Scopes.JobsRead, Scopes.JobsWrite, Scopes.Worker);
        using var worker = App.HttpWithKey(key.Secret);

        var job = await RunRemoteAsync(client, worker, [0.1, 0.2, 0.4, 0.8, 0.9, 0.95]);

        var accuracy = (await client.GetJobMetricsAsync(job)).Series["accuracy"];
        accuracy.Select(p => p.Value).Should().Equal(0.1, 0.2, 0.4, 0.8, 0.9, 0.95);
        accuracy.Select(p => p.Step).Should().Equal(0L, 1, 2, 3, 4, 5);
        var aggregate = await client.AggregateMetricAsync("accuracy");
        aggregate.Groups.Should().ContainSingle().Which.Should().Be(new MetricGroup(MetricsFixture.Type, 0.95, 0.95, 0.95, 1));
    }

    [Fact]
    public async Task The_aggregate_summarises_each_finished_jobs_final_value_by_type_project_and_day()
    {
        var (client, key) = await (await App.CreateUserAsync()).WithApiKeyAsync(Scopes.JobsRead, Scopes.JobsWrite, Scopes.Worker);
        using var worker = App.HttpWithKey(key.Secret);
        var project = await client.CreateProjectAsync(new CreateProjectRequest("scores"));
        await RunRemoteAsync(client, worker, [9, 0.5]);
        await RunRemoteAsync(client, worker, [0.7]);
        await RunRemoteAsync(client, worker, [0.1, 0.9], project.Id);
        var trained = await TrainAsync(client, epochs: 5);
        var unfinished = await client.SubmitAsync(new SubmitJobRequest(MetricsFixture.Type, JsonSerializer.SerializeToElement(new { })));

        var byType = await client.AggregateMetricAsync("accuracy", MetricGrouping.Type);
        var byProject = await client.AggregateMetricAsync("accuracy", MetricGrouping.Project);
        var byDay = await client.AggregateMetricAsync("accuracy", MetricGrouping.Day);
        var loss = await client.AggregateMetricAsync("loss", MetricGrouping.Type);

        byType.Groups.Should().ContainSingle().Which.Should().BeEquivalentTo(new { Group = MetricsFixture.Type, Min = 0.5, Max = 0.9, Count = 3 });
        byType.Groups[0].Mean.Should().BeApproximately(0.7, 1e-9);
        byProject.Groups.Select(g => (g.Group, g.Count)).Should().Equal((null, 2), (project.Id.ToString(), 1));
        byDay.Groups.Should().ContainSingle().Which.Group.Should().Be(DateTime.UtcNow.ToString("yyyy-MM-dd"));
        loss.Groups.Should().ContainSingle().Which.Should().BeEquivalentTo(new { Group = JobTypes.Training, Count = 1 });
        loss.Groups[0].Min.Should().Be(trained.Output!.Value.GetProperty("finalLoss").GetDouble());
        (await client.AggregateMetricAsync("accuracy", from: DateTimeOffset.UtcNow.AddMinutes(1), to: DateTimeOffset.UtcNow.AddMinutes(2))).Groups
            .Should().BeEmpty();
        unfinished.Status.Should().Be(JobStatus.Queued, "an unfinished job has no final value to count");
    }

    [Fact]
    public async Task A_stranger_asking_for_a_jobs_metrics_is_told_it_does_not_exist()
    {
        var owner = await App.CreatePlatformClientAsync();
        var stranger = await App.CreatePlatformClientAsync();
        var job = await TrainAsync(owner, epochs: 3);

        var asked = () => stranger.GetJobMetricsAsync(job.Id);

        (await asked.Should().ThrowAsync<PlatformApiException>()).Which.Status.Should().Be(HttpStatusCode.NotFound);
        (await stranger.AggregateMetricAsync("loss")).Groups.Should().BeEmpty("a stranger's aggregate counts only their own jobs");
    }

    [Theory]
    [InlineData("groupBy=type", "metric")]
    [InlineData("metric=&groupBy=type", "metric")]
    [InlineData("metric=loss&groupBy=colour", "groupBy")]
    [InlineData("metric=loss&groupBy=1", "groupBy")]
    [InlineData("metric=loss&from=yesterday", "from")]
    [InlineData("metric=loss&to=soon", "to")]
    [InlineData("metric=loss&from=2026-05-02T00:00:00Z&to=2026-05-01T00:00:00Z", "from")]
    [InlineData("metric=loss&from=2026-01-01T00:00:00Z&to=2026-05-01T00:00:00Z", "from")]
    public async Task A_bad_aggregate_query_is_a_problem_naming_the_field(string query, string field)
    {
        var http = await platform.KeyedHttpAsync();

        using var response = await http.GetAsync($"api/v1/metrics/aggregate?{query}");

        response.StatusCode.Should().Be(HttpStatusCode.BadRequest);
        response.Content.Headers.ContentType!.MediaType.Should().Be("application/problem+json");
        var problem = await response.Content.ReadFromJsonAsync<JsonElement>();
        problem.GetProperty("code").GetString().Should().Be("validation_failed");
        problem.GetProperty("errors").EnumerateObject().Select(e => e.Name).Should().Contain(field);
    }

    private static async Task<Job> TrainAsync(PlatformClient client, int epochs)
    {
        var submitted = await client.SubmitAsync(new SubmitJobRequest(JobTypes.Training,
            JsonSerializer.SerializeToElement(new { epochs, learningRate = 0.05, samples = 50, features = 2, seed = 3 })));
        var job = await Eventually.ReadAsync(() => client.GetJobAsync(submitted.Id), j => j.Status.IsFinished(), "the training job finishes");
        job.Status.Should().Be(JobStatus.Succeeded, job.Error);
        return job;
    }

    // Submits a job of the remote type and runs it as a worker would: one progress report a value, all within the
    // store interval, most of them only told live; then it succeeds.
    private static async Task<Guid> RunRemoteAsync(PlatformClient client, HttpClient worker, double[] accuracies, Guid? project = null)
    {
        var submitted = await client.SubmitAsync(new SubmitJobRequest(MetricsFixture.Type, JsonSerializer.SerializeToElement(new { }), Project: project));
        var claimed = await Eventually.ReadAsync(async () => await WorkerCalls.ClaimAsync(worker, "metrics test", [MetricsFixture.Type]),
            jobs => jobs.Count == 1, "the worker claims the job");
        claimed[0].JobId.Should().Be(submitted.Id);
        for (var i = 0; i < accuracies.Length; i++)
            (await ReportAsync(worker, submitted.Id, "progress", new ProgressReport(100.0 * i / accuracies.Length, null, new() { ["accuracy"] = accuracies[i] }),
                claimed[0].Lease)).Should().Be(HttpStatusCode.OK);
        (await ReportAsync(worker, submitted.Id, "succeed", new SuccessReport(), claimed[0].Lease)).Should().Be(HttpStatusCode.OK);
        return submitted.Id;
    }

    private static async Task<HttpStatusCode> ReportAsync<T>(HttpClient worker, Guid jobId, string what, T body, string lease)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, $"api/v1/worker/jobs/{jobId}/{what}") { Content = JsonContent.Create(body, options: PlatformJson.Options) };
        request.Headers.Add(JobLeaseHeader.Name, lease);
        using var response = await worker.SendAsync(request);
        return response.StatusCode;
    }
}
