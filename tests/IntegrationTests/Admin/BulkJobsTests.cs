using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;
using Platform.Client;
using Platform.Contracts;
using Platform.Contracts.Admin;
using Platform.Contracts.Jobs;
using Platform.IntegrationTests.Infrastructure;
using static Platform.IntegrationTests.Jobs.RetryTests;

namespace Platform.IntegrationTests.Admin;

/// <summary>An admin host with the diagnostic job types, so jobs fail or run for as long as a test needs, and a small bulk limit.</summary>
public sealed class BulkJobsFixture() : AdminFixture("admin-bulk-jobs", new Dictionary<string, string?>
{
    ["Jobs:BenchmarkTypes"] = "true",
    ["Admin:MaxBulkJobs"] = BulkJobsTests.MaxBulkJobs.ToString(),
    [SmallPlanSetting.Key] = SmallPlanSetting.Value,
});

public sealed class BulkJobsTests(BulkJobsFixture fixture) : IClassFixture<BulkJobsFixture>
{
    public const int MaxBulkJobs = 5;

    private PlatformApplication App => fixture.Application;

    private PlatformClient Admin => fixture.Admin.Client;

    [Fact]
    public async Task Admin_retries_failed_jobs_of_several_users_in_one_request_and_their_owners_watch_them_run_again()
    {
        var alice = await App.CreateUserAsync();
        var bob = await App.CreateUserAsync();
        await using var alicesWatcher = await JobWatcher.StartForMyJobsAsync(alice.Client);
        await using var bobsWatcher = await JobWatcher.StartForMyJobsAsync(bob.Client);
        var alicesFirst = await FailedJobAsync(alice, alicesWatcher);
        var bobs = await FailedJobAsync(bob, bobsWatcher);
        var alicesSecond = await FailedJobAsync(alice, alicesWatcher);

        var result = await Admin.AdminBulkJobsAsync(BulkJobActions.Retry, [alicesFirst, bobs, alicesSecond]);

        result.Jobs.Select(j => (j.JobId, j.Outcome)).Should().Equal(
            (alicesFirst, BulkJobOutcome.Retried), (bobs, BulkJobOutcome.Retried), (alicesSecond, BulkJobOutcome.Retried));
        result.Jobs.Select(j => j.Job!.OwnerId).Should().Equal(alice.Id.ToString(), bob.Id.ToString(), alice.Id.ToString());
        result.Jobs.Should().OnlyContain(j => j.Job!.Status == JobStatus.Queued);
        foreach (var (watcher, jobId) in new[] { (alicesWatcher, alicesFirst), (bobsWatcher, bobs), (alicesWatcher, alicesSecond) })
        {
            var succeeded = await watcher.WaitForAsync(e => e.JobId == jobId && e.Kind == JobEventKind.Succeeded);
            succeeded.Attempt.Should().Be(2, "the retry ran it again");
            watcher.StoredFor(jobId).Select(e => e.Kind).Should().ContainInOrder(JobEventKind.Failed, JobEventKind.Retried, JobEventKind.Started);
        }
        bobsWatcher.Received.Should().OnlyContain(e => e.JobId == bobs, "each owner hears of their own jobs only");
    }

    [Fact]
    public async Task Admin_cancels_a_queued_job_at_once_and_a_running_one_through_the_host_that_runs_it()
    {
        var owner = await App.CreateUserAsync();
        await using var watcher = await JobWatcher.StartForMyJobsAsync(owner.Client);
        var queued = await WaitingJobAsync(owner);
        var running = await owner.Client.SubmitAsync(Flaky(failAttempts: 0, workMs: 600_000));
        await watcher.WaitForAsync(e => e.JobId == running.Id && e.Kind == JobEventKind.Started);

        var result = await Admin.AdminBulkJobsAsync(BulkJobActions.Cancel, [queued.Id, running.Id]);

        result.Jobs.Select(j => (j.JobId, j.Outcome)).Should().Equal((queued.Id, BulkJobOutcome.Cancelled), (running.Id, BulkJobOutcome.Cancelling));
        result.Jobs.Select(j => j.Job!.Status).Should().Equal(JobStatus.Cancelled, JobStatus.Cancelling);
        // The run would take ten minutes; ending within the wait proves its host was told to stop it.
        (await watcher.WaitForFinishAsync(running.Id, TimeSpan.FromSeconds(20))).Kind.Should().Be(JobEventKind.Cancelled);
        watcher.StoredFor(running.Id).Select(e => e.Kind).Should().ContainInOrder(JobEventKind.CancelRequested, JobEventKind.Cancelled);
        watcher.StoredFor(queued.Id).Should().Contain(e => e.Kind == JobEventKind.Cancelled, "the owner hears of the queued job's end too");
    }

    [Fact]
    public async Task Each_job_gets_its_own_outcome_in_the_order_asked_whether_unknown_finished_or_acted_on()
    {
        var owner = await App.CreateUserAsync();
        await using var watcher = await JobWatcher.StartForMyJobsAsync(owner.Client);
        var succeeded = await FinishedJobAsync(owner, watcher, failAttempts: 0);
        var failed = await FinishedJobAsync(owner, watcher, failAttempts: 1);
        var unknown = Guid.NewGuid();

        var cancel = await Admin.AdminBulkJobsAsync(BulkJobActions.Cancel, [unknown, succeeded, failed]);
        var retry = await Admin.AdminBulkJobsAsync(BulkJobActions.Retry, [succeeded, unknown, failed]);

        cancel.Jobs.Select(j => (j.JobId, j.Outcome)).Should().Equal(
            (unknown, BulkJobOutcome.NotFound), (succeeded, BulkJobOutcome.AlreadyFinished), (failed, BulkJobOutcome.AlreadyFinished));
        retry.Jobs.Select(j => (j.JobId, j.Outcome)).Should().Equal(
            (succeeded, BulkJobOutcome.NotRetryable), (unknown, BulkJobOutcome.NotFound), (failed, BulkJobOutcome.Retried));
        retry.Jobs.Select(j => j.Job?.Status).Should().Equal(JobStatus.Succeeded, null, JobStatus.Queued);
        (await owner.Client.GetJobAsync(succeeded)).Status.Should().Be(JobStatus.Succeeded);
    }

    [Fact]
    public async Task A_bulk_retry_retries_an_owners_jobs_in_the_order_asked_only_while_their_queue_quota_has_room()
    {
        var (small, smallClient) = await UserOnSmallPlanAsync(App);
        var (_, otherClient) = await UserOnSmallPlanAsync(App);
        var cancelled = await CancelledJobsAsync(smallClient, 3);
        await SubmitLaterAsync(smallClient, 1);
        var others = await CancelledJobsAsync(otherClient, 1);

        var retry = await Admin.AdminBulkJobsAsync(BulkJobActions.Retry, [cancelled[0], others[0], cancelled[1], cancelled[2]]);

        retry.Jobs.Select(j => (j.JobId, j.Outcome)).Should().Equal(
            (cancelled[0], BulkJobOutcome.Retried), (others[0], BulkJobOutcome.Retried),
            (cancelled[1], BulkJobOutcome.QuotaReached), (cancelled[2], BulkJobOutcome.QuotaReached));
        foreach (var refused in cancelled.Skip(1))
            (await smallClient.GetJobAsync(refused)).Status.Should().Be(JobStatus.Cancelled, "the quota is the owner's, whoever retries");
        var audit = (await Admin.AdminReadAuditAsync("admin.job_retried", small.Id)).Items;
        audit.Should().ContainSingle(e => e.Detail == $"job {cancelled[1]}: quotaReached").Which.Succeeded.Should().BeFalse();
    }

    [Fact]
    public async Task Every_job_acted_on_is_in_the_audit_log_under_its_owner_and_refusals_are_not_succeeded()
    {
        var owner = await App.CreateUserAsync();
        await using var watcher = await JobWatcher.StartForMyJobsAsync(owner.Client);
        var queued = await WaitingJobAsync(owner);
        var succeeded = await FinishedJobAsync(owner, watcher, failAttempts: 0);
        var unknown = Guid.NewGuid();

        await Admin.AdminBulkJobsAsync(BulkJobActions.Cancel, [queued.Id, succeeded, unknown]);

        var ownersEntries = (await Admin.AdminReadAuditAsync("admin.job_cancelled", owner.Id)).Items;
        ownersEntries.Select(e => (e.Detail, e.Succeeded)).Should().BeEquivalentTo(
            [($"job {queued.Id}: cancelled", true), ($"job {succeeded}: alreadyFinished", false)]);
        ownersEntries.Should().OnlyContain(e => e.ActorId == fixture.Admin.Id && e.SubjectId == owner.Id && e.RequestId != null);
        var adminsEntries = (await Admin.AdminReadAuditAsync("admin.job_cancelled", fixture.Admin.Id, pageSize: 100)).Items;
        adminsEntries.Should().ContainSingle(e => e.Detail == $"job {unknown}: notFound")
            .Which.Should().Match<AuditRecord>(e => !e.Succeeded && e.SubjectId == null);
    }

    [Theory]
    [InlineData("""{"jobIds":["{job}"]}""", "action")]
    [InlineData("""{"action":"delete","jobIds":["{job}"]}""", "action")]
    [InlineData("""{"action":"cancel"}""", "jobIds")]
    [InlineData("""{"action":"cancel","jobIds":[]}""", "jobIds")]
    [InlineData("""{"action":"cancel","jobIds":["{job}","{new}","{job}"]}""", "jobIds")]
    [InlineData("""{"action":"cancel","jobIds":["{job}","{new}","{new}","{new}","{new}","{new}"]}""", "jobIds")]
    [InlineData("""{"action":"cancel","jobIds":["{job}","not an id"]}""", "jobIds[1]")]
    public async Task A_bad_request_is_refused_naming_the_field_and_changes_nothing(string body, string field)
    {
        var owner = await App.CreateUserAsync();
        var job = await WaitingJobAsync(owner);
        var json = Regex.Replace(body.Replace("{job}", job.Id.ToString()), "\\{new\\}", _ => Guid.NewGuid().ToString());

        using var response = await Http(fixture.Admin).PostAsync("api/v1/admin/jobs/bulk", new StringContent(json, Encoding.UTF8, "application/json"));

        response.StatusCode.Should().Be(HttpStatusCode.BadRequest);
        var problem = JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement;
        problem.GetProperty("code").GetString().Should().Be("validation_failed");
        problem.GetProperty("errors").EnumerateObject().Select(e => e.Name).Should().Equal(field);
        (await owner.Client.GetJobAsync(job.Id)).Should().Match<Job>(j => j.Status == JobStatus.Queued && j.Version == job.Version);
        (await Admin.AdminReadAuditAsync(userId: owner.Id)).Items.Should().NotContain(e => e.Action.StartsWith("admin.job_"));
    }

    [Fact]
    public async Task A_user_who_is_not_an_admin_is_forbidden_bulk_actions_even_on_their_own_jobs()
    {
        var user = await App.CreateUserAsync();
        var job = await WaitingJobAsync(user);

        using var response = await Http(user).PostAsJsonAsync("api/v1/admin/jobs/bulk", new BulkJobsRequest(BulkJobActions.Cancel, [job.Id]), PlatformJson.Options);

        response.StatusCode.Should().Be(HttpStatusCode.Forbidden);
        (await user.Client.GetJobAsync(job.Id)).Status.Should().Be(JobStatus.Queued);
    }

    // A flaky job that fails its only attempt; retried, its second attempt succeeds.
    private static async Task<Guid> FailedJobAsync(TestUser owner, JobWatcher watcher) =>
        await FinishedJobAsync(owner, watcher, failAttempts: 1);

    private static async Task<Guid> FinishedJobAsync(TestUser owner, JobWatcher watcher, int failAttempts)
    {
        var job = await owner.Client.SubmitAsync(Flaky(failAttempts) with { MaxAttempts = 1 });
        var finished = await watcher.WaitForFinishAsync(job.Id);
        finished.Kind.Should().Be(failAttempts > 0 ? JobEventKind.Failed : JobEventKind.Succeeded);
        return job.Id;
    }

    // Queued until an hour from now, so it is still queued when the test acts on it.
    private static Task<Job> WaitingJobAsync(TestUser owner) =>
        owner.Client.SubmitAsync(Flaky(failAttempts: 0) with { RunAt = DateTimeOffset.UtcNow.AddHours(1) });

    private HttpClient Http(TestUser user) =>
        new() { BaseAddress = App.ClientOptions.BaseAddress, DefaultRequestHeaders = { Authorization = new AuthenticationHeaderValue("Bearer", user.Tokens.AccessToken) } };
}
