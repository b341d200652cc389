using System.Net;
using Platform.Contracts.Jobs;
using Platform.IntegrationTests.Infrastructure;
using Platform.IntegrationTests.Jobs;

namespace Platform.IntegrationTests.Operations;

/// <summary>
/// Runs with no other host alive in the test process: meters of the same name are process-wide, and the exporter
/// of one host would otherwise mix in, or lose with their host, the instruments of hosts other tests start and stop.
/// </summary>
[Collection(nameof(AloneInProcess))]
public sealed class MetricsTests(PlatformFixture platform) : IClassFixture<PlatformFixture>
{
    [Fact]
    public async Task Metrics_count_a_finished_job_by_type_time_it_and_show_requests_queue_and_hub()
    {
        var client = await platform.Application.CreatePlatformClientAsync();
        var job = await client.SubmitAsync(LoggingTests.SmallGeneration());
        await using var watcher = await JobWatcher.StartAsync(client, job.Id);
        (await watcher.WaitForFinishAsync()).Status.Should().Be(JobStatus.Succeeded);
        using var http = new HttpClient { BaseAddress = platform.Application.ManagementAddress };

        // Counters are read when scraped; the queue's depth is counted every few seconds.
        var metrics = await ScrapeUntilAsync(http, m => m.Find("platform_job_duration_seconds_count", ("type", "generation"), ("status", "succeeded")).Count > 0
            && m.Find("platform_queue_depth").Count > 0);

        Value(metrics, "platform_jobs_submitted_total", ("type", "generation")).Should().BeGreaterThanOrEqualTo(1);
        Value(metrics, "platform_jobs_succeeded_total", ("type", "generation")).Should().BeGreaterThanOrEqualTo(1);
        Value(metrics, "platform_job_duration_seconds_count", ("type", "generation"), ("status", "succeeded")).Should().BeGreaterThanOrEqualTo(1);
        Value(metrics, "platform_job_duration_seconds_sum", ("type", "generation"), ("status", "succeeded")).Should().BeInRange(0.0001, 600);
        metrics.Find("platform_job_duration_seconds_bucket", ("type", "generation"), ("le", "+Inf")).Should().NotBeEmpty();
        Value(metrics, "platform_queue_depth").Should().BeGreaterThanOrEqualTo(0);
        Value(metrics, "platform_hub_connections").Should().BeGreaterThanOrEqualTo(1, "the watcher is connected");
        Value(metrics, "platform_hub_messages_sent_total", ("method", "JobEvent")).Should().BeGreaterThanOrEqualTo(job.Version + 2,
            "the watcher got at least the job's submit, start and end");
        Value(metrics, "http_server_request_duration_seconds_count",
            ("http_route", "/api/v1/jobs/"), ("http_request_method", "POST"), ("http_response_status_code", "202")).Should().BeGreaterThanOrEqualTo(1);
    }

    [Fact]
    public async Task A_cancelled_job_is_counted_by_its_type()
    {
        var client = await platform.Application.CreatePlatformClientAsync();
        var job = await client.SubmitAsync(CancelJobTests.LongGeneration());
        await using var watcher = await JobWatcher.StartAsync(client, job.Id);
        await client.CancelAsync(job.Id);
        (await watcher.WaitForFinishAsync()).Status.Should().Be(JobStatus.Cancelled);
        using var http = new HttpClient { BaseAddress = platform.Application.ManagementAddress };

        var metrics = await ScrapeUntilAsync(http, m => m.Find("platform_jobs_cancelled_total", ("type", "generation")).Count > 0);

        Value(metrics, "platform_jobs_cancelled_total", ("type", "generation")).Should().BeGreaterThanOrEqualTo(1);
    }

    [Fact]
    public async Task Metrics_are_served_as_prometheus_text_on_the_management_address_alone()
    {
        using var management = new HttpClient { BaseAddress = platform.Application.ManagementAddress };
        using var @public = new HttpClient { BaseAddress = platform.Application.ClientOptions.BaseAddress };

        using var response = await management.GetAsync("metrics");
        using var publicly = await @public.GetAsync("metrics");
        using var health = await @public.GetAsync("health/live");
        using var elsewhere = await management.GetAsync("api/v1/jobs");

        response.StatusCode.Should().Be(HttpStatusCode.OK);
        response.Content.Headers.ContentType!.MediaType.Should().Be("text/plain");
        (await response.Content.ReadAsStringAsync()).Should().Contain("# TYPE ");
        platform.Application.ManagementAddress.Port.Should().NotBe(platform.Application.ClientOptions.BaseAddress.Port);
        publicly.StatusCode.Should().Be(HttpStatusCode.NotFound, "the public port serves no metrics");
        health.StatusCode.Should().Be(HttpStatusCode.OK, "load balancers probe the public port");
        elsewhere.StatusCode.Should().Be(HttpStatusCode.NotFound, "the management address serves metrics and nothing else");
    }

    private static double Value(PrometheusText metrics, string name, params (string, string)[] labels)
    {
        var samples = metrics.Find(name, labels);
        samples.Should().NotBeEmpty($"{name} with {string.Join(", ", labels)} is exported");
        return samples.Sum(s => s.Value);
    }

    private static Task<PrometheusText> ScrapeUntilAsync(HttpClient http, Func<PrometheusText, bool> ready) =>
        Eventually.ReadAsync(async () => PrometheusText.Parse(await http.GetStringAsync("metrics")), ready, "the scraped metrics show what the test did",
            TimeSpan.FromSeconds(20), TimeSpan.FromMilliseconds(250));
}

/// <summary>Tests that run after every parallel test class has finished and disposed its hosts, one class at a time.</summary>
[CollectionDefinition(nameof(AloneInProcess), DisableParallelization = true)]
public sealed class AloneInProcess;
