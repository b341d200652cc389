using System.Net;
using System.Text.Json;
using Marten;
using Marten.Patching;
using Platform.Client;
using Platform.Contracts.Accounts;
using Platform.Contracts.Jobs;
using Platform.IntegrationTests.Infrastructure;
using Platform.Storage.Accounts;

namespace Platform.IntegrationTests.Jobs;

/// <summary>A host with the diagnostic job types and short backoffs, so retries happen within a test.</summary>
public sealed class RetryFixture() : PlatformFixture("retries", new Dictionary<string, string?>
{
    ["Jobs:BenchmarkTypes"] = "true",
    ["Jobs:RetryDelay"] = "00:00:00.200",
    ["Jobs:Types:flaky:MaxAttempts"] = "2",
    [RetryTests.SmallPlanSetting.Key] = RetryTests.SmallPlanSetting.Value,
});

public sealed class RetryTests(RetryFixture fixture) : IClassFixture<RetryFixture>
{
    [Fact]
    public async Task A_failing_job_is_retried_after_a_backoff_until_it_succeeds_with_every_attempt_numbered()
    {
        var client = await fixture.Application.CreatePlatformClientAsync();
        var submitted = await client.SubmitAsync(Flaky(failAttempts: 2) with { MaxAttempts = 3 });
        await using var watcher = await JobWatcher.StartAsync(client, submitted.Id);

        var finished = await watcher.WaitForFinishAsync();

        finished.Kind.Should().Be(JobEventKind.Succeeded);
        finished.Attempt.Should().Be(3);
        var history = watcher.Stored.Where(e => e.Kind is JobEventKind.Started or JobEventKind.RetryScheduled or JobEventKind.Succeeded)
            .Select(e => (e.Kind, e.Attempt)).ToList();
        history.Should().Equal(
            (JobEventKind.Started, 1), (JobEventKind.RetryScheduled, 1),
            (JobEventKind.Started, 2), (JobEventKind.RetryScheduled, 2),
            (JobEventKind.Started, 3), (JobEventKind.Succeeded, 3));
        var firstRetry = watcher.Stored.First(e => e.Kind == JobEventKind.RetryScheduled);
        firstRetry.Error.Should().Contain("attempt 1 failed");
        firstRetry.RunAt.Should().BeAfter(firstRetry.At);
        var secondStart = watcher.Stored.Where(e => e.Kind == JobEventKind.Started).ElementAt(1);
        secondStart.At.Should().BeOnOrAfter(firstRetry.RunAt!.Value.AddMilliseconds(-50), "the retry waits for its backoff");
    }

    [Fact]
    public async Task A_job_that_keeps_failing_fails_for_good_after_its_last_attempt()
    {
        var client = await fixture.Application.CreatePlatformClientAsync();
        var submitted = await client.SubmitAsync(Flaky(failAttempts: 10));
        await using var watcher = await JobWatcher.StartAsync(client, submitted.Id);

        var finished = await watcher.WaitForFinishAsync();

        finished.Kind.Should().Be(JobEventKind.Failed);
        finished.Attempt.Should().Be(2, "the flaky type allows 2 attempts in this host's configuration");
        finished.Error.Should().Contain("attempt 2 failed");
        (await client.GetJobAsync(submitted.Id)).Should().Match<Job>(j => j.Status == JobStatus.Failed && j.MaxAttempts == 2);
    }

    [Fact]
    public async Task A_failed_job_retried_by_hand_runs_again_and_keeps_its_history()
    {
        var client = await fixture.Application.CreatePlatformClientAsync();
        var submitted = await client.SubmitAsync(Flaky(failAttempts: 1) with { MaxAttempts = 1 });
        await using var watcher = await JobWatcher.StartAsync(client, submitted.Id);
        (await watcher.WaitForFinishAsync()).Kind.Should().Be(JobEventKind.Failed);

        var retried = await client.RetryAsync(submitted.Id);

        retried.Status.Should().Be(JobStatus.Queued);
        var finished = await watcher.WaitForAsync(e => e.Kind == JobEventKind.Succeeded);
        finished.Attempt.Should().Be(2);
        var history = await client.GetEventsAsync(submitted.Id);
        history.Select(e => e.Kind).Should().ContainInOrder(
            JobEventKind.Submitted, JobEventKind.Started, JobEventKind.Failed, JobEventKind.Retried, JobEventKind.Started, JobEventKind.Succeeded);
        history.Select(e => e.Version).Should().Equal(Enumerable.Range(1, history.Count).Select(v => (long)v));
        (await client.GetJobAsync(submitted.Id)).Error.Should().BeNull("a success clears the failure it recovered from");
    }

    [Fact]
    public async Task Only_a_failed_or_cancelled_job_can_be_retried()
    {
        var client = await fixture.Application.CreatePlatformClientAsync();
        var submitted = await client.SubmitAsync(Flaky(failAttempts: 0));
        await using (var watcher = await JobWatcher.StartAsync(client, submitted.Id))
            await watcher.WaitForFinishAsync();

        var retry = () => client.RetryAsync(submitted.Id);

        var refused = (await retry.Should().ThrowAsync<PlatformApiException>()).Which;
        refused.Status.Should().Be(HttpStatusCode.Conflict);
        refused.Code.Should().Be("job_not_retryable");
    }

    [Fact]
    public async Task A_retry_past_the_owners_queue_quota_is_refused_with_429_and_leaves_the_job_cancelled()
    {
        var (_, client) = await UserOnSmallPlanAsync(fixture.Application);
        var cancelled = await CancelledJobsAsync(client, SmallPlanQuota);
        var queued = await SubmitLaterAsync(client, SmallPlanQuota);

        var retry = () => client.RetryAsync(cancelled[0]);

        var refused = (await retry.Should().ThrowAsync<PlatformApiException>()).Which;
        refused.Status.Should().Be(HttpStatusCode.TooManyRequests);
        refused.Code.Should().Be("queue_quota_reached");
        refused.Detail.Should().Contain($"At most {SmallPlanQuota}");
        (await client.GetJobAsync(cancelled[0])).Status.Should().Be(JobStatus.Cancelled);
        await client.CancelAsync(queued[0].Id);
        (await client.RetryAsync(cancelled[0])).Status.Should().Be(JobStatus.Queued, "a job that ended made room");
    }

    [Fact]
    public async Task A_run_longer_than_its_timeout_fails_as_timed_out()
    {
        var client = await fixture.Application.CreatePlatformClientAsync();
        var submitted = await client.SubmitAsync(Flaky(failAttempts: 0, workMs: 60_000) with { TimeoutSeconds = 1, MaxAttempts = 1 });
        await using var watcher = await JobWatcher.StartAsync(client, submitted.Id);

        var finished = await watcher.WaitForFinishAsync(TimeSpan.FromSeconds(20));

        finished.Kind.Should().Be(JobEventKind.Failed);
        finished.Error.Should().Contain("timed out after 00:00:01");
    }

    [Fact]
    public async Task A_delayed_job_waits_for_its_time_and_then_runs()
    {
        var client = await fixture.Application.CreatePlatformClientAsync();
        var runAt = DateTimeOffset.UtcNow.AddSeconds(2);
        var submitted = await client.SubmitAsync(Flaky(failAttempts: 0) with { RunAt = runAt.ToOffset(TimeSpan.FromHours(2)) });
        await using var watcher = await JobWatcher.StartAsync(client, submitted.Id);

        submitted.Status.Should().Be(JobStatus.Queued);
        submitted.RunAt.Should().BeCloseTo(runAt, TimeSpan.FromMilliseconds(1));
        var started = await watcher.WaitForAsync(e => e.Kind == JobEventKind.Started);

        started.At.Should().BeOnOrAfter(runAt.AddMilliseconds(-50));
        (await watcher.WaitForFinishAsync()).Kind.Should().Be(JobEventKind.Succeeded);
    }

    [Fact]
    public async Task Cancelling_a_job_waiting_for_its_retry_ends_it_there()
    {
        var client = await fixture.Application.CreatePlatformClientAsync();
        var submitted = await client.SubmitAsync(Flaky(failAttempts: 5) with { MaxAttempts = 5 });
        await using var watcher = await JobWatcher.StartAsync(client, submitted.Id);
        await watcher.WaitForAsync(e => e.Kind == JobEventKind.RetryScheduled);

        await client.CancelAsync(submitted.Id);

        (await watcher.WaitForFinishAsync()).Kind.Should().Be(JobEventKind.Cancelled);
        (await client.GetJobAsync(submitted.Id)).Status.Should().Be(JobStatus.Cancelled);
    }

    [Theory]
    [InlineData("""{"type":"flaky","input":{},"maxAttempts":0}""", "maxAttempts")]
    [InlineData("""{"type":"flaky","input":{},"maxAttempts":21}""", "maxAttempts")]
    [InlineData("""{"type":"flaky","input":{},"timeoutSeconds":0}""", "timeoutSeconds")]
    [InlineData("""{"type":"flaky","input":{},"runAt":"2999-01-01T00:00:00Z"}""", "runAt")]
    [InlineData("""{"type":"flaky","input":{},"runAt":"tomorrow"}""", "runAt")]
    public async Task Bad_scheduling_fields_are_refused_naming_the_field(string body, string field)
    {
        var http = fixture.Application.HttpWithKey(await fixture.Application.CreateApiKeyAsync());

        var response = await http.PostAsync("api/v1/jobs", new StringContent(body, System.Text.Encoding.UTF8, "application/json"));

        response.StatusCode.Should().Be(HttpStatusCode.BadRequest);
        var problem = JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement;
        problem.GetProperty("errors").EnumerateObject().Select(e => e.Name).Should().Contain(field);
    }

    internal static SubmitJobRequest Flaky(int failAttempts, int workMs = 0) =>
        new("flaky", JsonSerializer.SerializeToElement(new { failAttempts, workMs }));

    /// <summary>A plan with room for two queued or running jobs, set by the fixtures of the tests of the queue quota.</summary>
    internal const string SmallPlan = "small";

    internal const int SmallPlanQuota = 2;

    internal static readonly KeyValuePair<string, string?> SmallPlanSetting = new($"Jobs:Plans:{SmallPlan}:MaxQueuedPerUser", $"{SmallPlanQuota}");

    /// <summary>A new user on the small plan, and a client with their API key that takes a refusal as it comes, without retrying.</summary>
    internal static async Task<(TestUser User, PlatformClient Client)> UserOnSmallPlanAsync(PlatformApplication app)
    {
        var user = await app.CreateUserAsync();
        await using (var documents = app.Service<IDocumentStore>().LightweightSession())
        {
            documents.Patch<UserAccount>(user.Id).Set(account => account.Plan, SmallPlan);
            await documents.SaveChangesAsync();
        }
        var (_, key) = await user.WithApiKeyAsync(Scopes.JobsRead, Scopes.JobsWrite);
        return (user, new PlatformClient(app.ClientOptions.BaseAddress, PlatformCredentials.ApiKey(key.Secret)) { Retries = RetryPolicy.None });
    }

    /// <summary>Jobs that wait in the queue for an hour: they hold their owner's quota until cancelled.</summary>
    internal static async Task<List<Job>> SubmitLaterAsync(PlatformClient client, int count)
    {
        var jobs = new List<Job>();
        for (var i = 0; i < count; i++)
            jobs.Add(await client.SubmitAsync(Flaky(failAttempts: 0) with { RunAt = DateTimeOffset.UtcNow.AddHours(1) }));
        return jobs;
    }

    /// <summary>Jobs cancelled while they waited in the queue, each before the next is submitted: they may be retried.</summary>
    internal static async Task<List<Guid>> CancelledJobsAsync(PlatformClient client, int count)
    {
        var jobs = new List<Guid>();
        for (var i = 0; i < count; i++)
        {
            var job = (await SubmitLaterAsync(client, 1)).Single();
            await client.CancelAsync(job.Id);
            jobs.Add(job.Id);
        }
        return jobs;
    }
}
