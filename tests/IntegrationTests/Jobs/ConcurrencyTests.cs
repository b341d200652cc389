using System.Text.Json;
using Platform.Client;
using Platform.Contracts.Jobs;
using Platform.IntegrationTests.Infrastructure;

namespace Platform.IntegrationTests.Jobs;

public sealed class ConcurrencyTests
{
    [Fact]
    public async Task A_type_limited_to_one_at_a_time_never_runs_two_at_once()
    {
        await using var host = await PlatformApplication.StartAsync("type-limit", new Dictionary<string, string?>
        {
            ["Jobs:BenchmarkTypes"] = "true",
            ["Jobs:Types:flaky:Concurrency"] = "1",
        });
        var client = await host.CreatePlatformClientAsync();
        await using var watcher = await JobWatcher.StartForMyJobsAsync(client);

        var jobs = await SubmitAsync(client, count: 3, workMs: 300);
        foreach (var job in jobs)
            await watcher.WaitForFinishAsync(job.Id);

        RunIntervals(watcher, jobs).Should().NotContain(pair => Overlap(pair.A, pair.B), "one flaky job at a time on this host");
    }

    [Fact]
    public async Task A_user_at_their_limit_waits_while_other_users_jobs_go_ahead()
    {
        await using var host = await PlatformApplication.StartAsync("user-limit", new Dictionary<string, string?>
        {
            ["Jobs:BenchmarkTypes"] = "true",
            ["Jobs:MaxRunningPerUser"] = "1",
        });
        var busy = await host.CreatePlatformClientAsync();
        var other = await host.CreatePlatformClientAsync();
        await using var busyWatcher = await JobWatcher.StartForMyJobsAsync(busy);
        await using var otherWatcher = await JobWatcher.StartForMyJobsAsync(other);

        var busyJobs = await SubmitAsync(busy, count: 3, workMs: 1500);
        var othersJob = (await SubmitAsync(other, count: 1, workMs: 0)).Single();

        await otherWatcher.WaitForFinishAsync(othersJob.Id);
        foreach (var job in busyJobs)
            await busyWatcher.WaitForFinishAsync(job.Id);
        RunIntervals(busyWatcher, busyJobs).Should().NotContain(pair => Overlap(pair.A, pair.B), "one of this user's jobs at a time");
        var othersFinish = otherWatcher.StoredFor(othersJob.Id).Single(e => e.Kind == JobEventKind.Succeeded).At;
        var busyLastFinish = busyJobs.Max(j => busyWatcher.StoredFor(j.Id).Single(e => e.Kind == JobEventKind.Succeeded).At);
        othersFinish.Should().BeBefore(busyLastFinish, "the other user did not wait behind the busy one's queue");
    }

    [Fact]
    public async Task A_higher_priority_job_runs_before_lower_ones_queued_earlier()
    {
        await using var host = await PlatformApplication.StartAsync("priorities", new Dictionary<string, string?>
        {
            ["Jobs:BenchmarkTypes"] = "true",
            ["Jobs:Workers"] = "1",
        });
        var client = await host.CreatePlatformClientAsync();
        await using var watcher = await JobWatcher.StartForMyJobsAsync(client);
        var blocker = (await SubmitAsync(client, count: 1, workMs: 1000)).Single();
        await watcher.WaitForAsync(e => e.JobId == blocker.Id && e.Kind == JobEventKind.Started);

        var low = await SubmitAsync(client, count: 3, workMs: 0, priority: 2);
        var high = (await SubmitAsync(client, count: 1, workMs: 0, priority: 9)).Single();
        foreach (var job in low.Append(high))
            await watcher.WaitForFinishAsync(job.Id);

        var order = watcher.Stored.Where(e => e.Kind == JobEventKind.Started && e.JobId != blocker.Id).Select(e => e.JobId).ToList();
        order.First().Should().Be(high.Id);
    }

    /// <summary>Submits <paramref name="count"/> <c>flaky</c> jobs that each work <paramref name="workMs"/> and then succeed.</summary>
    internal static async Task<List<Job>> SubmitAsync(PlatformClient client, int count, int workMs, int? priority = null)
    {
        var jobs = new List<Job>();
        for (var i = 0; i < count; i++)
            jobs.Add(await client.SubmitAsync(new SubmitJobRequest("flaky", JsonSerializer.SerializeToElement(new { workMs }), priority)));
        return jobs;
    }

    private static List<((DateTimeOffset Start, DateTimeOffset End) A, (DateTimeOffset Start, DateTimeOffset End) B)> RunIntervals(JobWatcher watcher, List<Job> jobs)
    {
        var intervals = jobs.Select(j => (
            Start: watcher.StoredFor(j.Id).Single(e => e.Kind == JobEventKind.Started).At,
            End: watcher.StoredFor(j.Id).Single(e => e.Status.IsFinished()).At)).ToList();
        return (from a in intervals.Select((v, i) => (v, i)) from b in intervals.Select((v, i) => (v, i)) where a.i < b.i select (a.v, b.v)).ToList();
    }

    private static bool Overlap((DateTimeOffset Start, DateTimeOffset End) a, (DateTimeOffset Start, DateTimeOffset End) b) =>
        a.Start < b.End && b.Start < a.End;
}
