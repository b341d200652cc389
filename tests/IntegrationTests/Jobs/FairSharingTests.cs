using System.Net;
using System.Text.Json;
using Platform.Client;
using Platform.Contracts.Jobs;
using Platform.Contracts.Organizations;
using Platform.IntegrationTests.Infrastructure;
using Platform.IntegrationTests.Organizations;

namespace Platform.IntegrationTests.Jobs;

public sealed class FairSharingTests
{
    [Fact]
    public async Task A_teams_backlog_at_top_priority_shares_the_workers_with_a_single_users_job()
    {
        await using var host = await PlatformApplication.StartAsync("fair-share", new Dictionary<string, string?>
        {
            ["Jobs:BenchmarkTypes"] = "true",
            ["Jobs:Workers"] = "2",
        });
        // An organization whose two members each fill the queue counts as one owner, as large as its backlog may be.
        var owner = await host.CreateUserAsync();
        var team = await owner.Client.CreateOrganizationAsync("big team");
        var member = await Team.JoinAsync(host, owner, team.Id, OrganizationRole.Member);
        var quiet = await host.CreatePlatformClientAsync();
        await using var noisyWatcher = await JobWatcher.StartForMyJobsAsync(owner.Client.ForOrganization(team.Id));
        await using var quietWatcher = await JobWatcher.StartForMyJobsAsync(quiet);
        var backlog = await SubmitAsync(owner.Client.ForOrganization(team.Id), count: 6, workMs: 500, priority: SubmitJobRequest.HighestPriority);
        backlog = [.. backlog, .. await SubmitAsync(member.Client.ForOrganization(team.Id), count: 6, workMs: 500, priority: SubmitJobRequest.HighestPriority)];
        await noisyWatcher.WaitForAsync(e => e.JobId == backlog[1].Id && e.Kind == JobEventKind.Started);

        var single = (await SubmitAsync(quiet, count: 1, workMs: 0, priority: SubmitJobRequest.LowestPriority)).Single();
        var started = await quietWatcher.WaitForAsync(e => e.JobId == single.Id && e.Kind == JobEventKind.Started);

        var noisyStartsMeanwhile = noisyWatcher.Stored.Count(e => e.Kind == JobEventKind.Started && e.At > single.SubmittedAt && e.At < started.At);
        // Only a claim already under way when the single job was stored, or a tie at zero running, may go first.
        noisyStartsMeanwhile.Should().BeLessThanOrEqualTo(2,
            "the next free worker goes to the owner running the fewest jobs, whatever the other's priority, backlog and members (10 of 12 went first before)");
    }

    [Fact]
    public async Task An_owner_at_their_running_limit_leaves_no_worker_idle_while_others_have_jobs()
    {
        await using var host = await PlatformApplication.StartAsync("fair-capped", new Dictionary<string, string?>
        {
            ["Jobs:BenchmarkTypes"] = "true",
            ["Jobs:Workers"] = "4",
            ["Jobs:MaxRunningPerUser"] = "1",
        });
        var capped = await host.CreatePlatformClientAsync();
        var others = new[] { await host.CreatePlatformClientAsync(), await host.CreatePlatformClientAsync() };
        await using var cappedWatcher = await JobWatcher.StartForMyJobsAsync(capped);
        // The others' jobs are set up one after the other, each with a hub connection of its own: on a loaded machine
        // that takes seconds, so the capped job's work outlasts it by far (the test does not wait for it to end).
        await SubmitAsync(capped, count: 30, workMs: 30_000, priority: SubmitJobRequest.HighestPriority);
        var first = await cappedWatcher.WaitForAsync(e => e.Kind == JobEventKind.Started);

        var finishedMeanwhile = new List<DateTimeOffset>();
        foreach (var other in others)
        {
            await using var watcher = await JobWatcher.StartForMyJobsAsync(other);
            var job = (await SubmitAsync(other, count: 1, workMs: 0, priority: SubmitJobRequest.LowestPriority)).Single();
            finishedMeanwhile.Add((await watcher.WaitForFinishAsync(job.Id)).At);
        }

        var cappedFirstEnd = cappedWatcher.Stored.FirstOrDefault(e => e.JobId == first.JobId && e.Status.IsFinished())?.At ?? DateTimeOffset.MaxValue;
        finishedMeanwhile.Should().OnlyContain(at => at < cappedFirstEnd, "idle workers took the other owners' jobs while the capped owner's first job ran");
    }

    [Fact]
    public async Task A_reserved_worker_starts_a_newcomers_job_at_once_while_another_users_backlog_holds_the_rest()
    {
        await using var host = await PlatformApplication.StartAsync("fair-reserved", new Dictionary<string, string?>
        {
            ["Jobs:BenchmarkTypes"] = "true",
            ["Jobs:Workers"] = "4",
            ["Jobs:ReservedWorkers"] = "1",
        });
        var noisy = await host.CreatePlatformClientAsync();
        var newcomer = await host.CreatePlatformClientAsync();
        await using var noisyWatcher = await JobWatcher.StartForMyJobsAsync(noisy);
        await using var newcomerWatcher = await JobWatcher.StartForMyJobsAsync(newcomer);
        await SubmitAsync(noisy, count: 12, workMs: 8000, priority: SubmitJobRequest.HighestPriority);
        await Eventually.HoldsAsync(() => Task.FromResult(noisyWatcher.Stored.Count(e => e.Kind == JobEventKind.Started) == 3), "three workers take the backlog");
        await Task.Delay(TimeSpan.FromSeconds(2));
        noisyWatcher.Stored.Count(e => e.Kind == JobEventKind.Started).Should().Be(3, "the fourth worker is kept for a user with nothing running");

        var jobs = await SubmitAsync(newcomer, count: 2, workMs: 0, priority: SubmitJobRequest.LowestPriority);
        var bothFinished = new List<DateTimeOffset>();
        foreach (var job in jobs)
            bothFinished.Add((await newcomerWatcher.WaitForFinishAsync(job.Id)).At);

        var firstNoisyEnd = noisyWatcher.Stored.FirstOrDefault(e => e.Status.IsFinished())?.At ?? DateTimeOffset.MaxValue;
        bothFinished.Should().OnlyContain(at => at < firstNoisyEnd,
            "the newcomer's first job took the kept worker, and its second followed there once the first was done");
    }

    [Fact]
    public async Task A_submit_past_the_owners_queue_quota_is_refused_with_429_and_stores_nothing()
    {
        await using var host = await PlatformApplication.StartAsync("queue-quota", new Dictionary<string, string?>
        {
            ["Jobs:BenchmarkTypes"] = "true",
            ["Jobs:RunWorkers"] = "false",
            ["Jobs:MaxQueuedPerUser"] = "100",
            ["Jobs:Plans:standard:MaxQueuedPerUser"] = "3",
        });
        var full = await host.CreatePlatformClientAsync();
        var other = await host.CreatePlatformClientAsync();
        await SubmitAsync(full, count: 2, workMs: 0);

        var batch = new SubmitBatchRequest([Noop(), Noop()]);
        var refusedBatch = await Refused(() => full.SubmitBatchAsync(batch));
        await SubmitAsync(full, count: 1, workMs: 0);
        var refusedSingle = await Refused(() => full.SubmitAsync(Noop()));

        foreach (var refused in new[] { refusedBatch, refusedSingle })
        {
            refused.Status.Should().Be(HttpStatusCode.TooManyRequests);
            refused.Code.Should().Be("queue_quota_reached");
            refused.Detail.Should().Contain("At most 3");
        }
        (await full.ListJobsAsync()).Total.Should().Be(3, "a refused submit stores nothing");
        (await SubmitAsync(other, count: 3, workMs: 0)).Should().HaveCount(3, "the quota is each owner's own");
    }

    private static SubmitJobRequest Noop() => new("flaky", JsonSerializer.SerializeToElement(new { workMs = 0 }));

    private static async Task<PlatformApiException> Refused(Func<Task> submit) =>
        (await submit.Should().ThrowAsync<PlatformApiException>()).Which;

    private static Task<List<Job>> SubmitAsync(PlatformClient client, int count, int workMs, int? priority = null) =>
        ConcurrencyTests.SubmitAsync(client, count, workMs, priority);
}
