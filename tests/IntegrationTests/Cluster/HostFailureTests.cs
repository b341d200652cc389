using System.Diagnostics;
using System.Text.Json;
using Platform.Client;
using Platform.Contracts.Accounts;
using Platform.Contracts.Jobs;
using Platform.IntegrationTests.Infrastructure;
using Platform.IntegrationTests.RealTime;
using Platform.Jobs.Benchmarks;
using Platform.TestCluster;

namespace Platform.IntegrationTests.Cluster;

/// <summary>
/// Hosts as separate processes over one PostgreSQL and one Redis: a job whose host is killed is finished by
/// another, a user whose host is killed goes offline, and a cancel or a progress tick crosses from one host to another.
/// </summary>
[Collection(HostProcessesCollection.Name)]
public sealed class HostFailureTests(HostFailureTests.Cluster fixture) : IClassFixture<HostFailureTests.Cluster>
{
    private static readonly TimeSpan PresenceExpiry = TimeSpan.FromSeconds(3);

    private LocalCluster Hosts => fixture.Value;

    /// <summary>One PostgreSQL and Redis for the class; each test deploys its hosts over a database of its own.</summary>
    public sealed class Cluster : IAsyncLifetime
    {
        public LocalCluster Value { get; private set; } = null!;

        public async Task InitializeAsync() => Value = await LocalCluster.StartAsync(new Dictionary<string, string>
        {
            // A short lease so a dead host's job is free again within seconds, not the default 30.
            ["Jobs:Lease"] = "00:00:03",
            // Likewise a dead host's hub connections drop out of presence within seconds.
            ["Hubs:PresenceHeartbeat"] = "00:00:00.500",
            ["Hubs:PresenceExpiry"] = PresenceExpiry.ToString(),
        }, forTests: true);

        public async Task DisposeAsync() => await Value.DisposeAsync();
    }

    [Fact]
    public async Task A_job_whose_host_is_killed_is_finished_by_another_host_and_keeps_every_stored_event()
    {
        await using var deployment = await Hosts.DeployAsync("kill", HostRole.AcceptOnly, HostRole.Worker);
        await deployment.SignInAsync();
        var client = deployment.Client(deployment.Urls[0]);
        var submitted = await client.SubmitAsync(SlowJob(ticks: 60));
        await using var watcher = await JobWatcher.StartAsync(client, submitted.Id);
        await watcher.WaitForAsync(e => e.Kind == JobEventKind.Progressed && !e.Transient);
        var storedBeforeKill = await client.GetEventsAsync(submitted.Id);

        await deployment.Processes[1].KillAsync();
        await deployment.AddHostAsync(HostRole.Worker);

        (await watcher.WaitForFinishAsync(TimeSpan.FromSeconds(90))).Kind.Should().Be(JobEventKind.Succeeded);
        var history = await client.GetEventsAsync(submitted.Id);
        history.Take(storedBeforeKill.Count).Should().BeEquivalentTo(storedBeforeKill, "nothing acknowledged before the kill is lost");
        history.Select(e => e.Version).Should().Equal(Enumerable.Range(1, history.Count).Select(v => (long)v));
        var starts = history.Where(e => e.Kind == JobEventKind.Started).ToList();
        starts.Should().HaveCount(2);
        starts[0].Message.Should().StartWith("started on");
        starts[1].Message.Should().StartWith("recovered on").And.NotBe(starts[0].Message!.Replace("started", "recovered"));
        starts.Select(e => e.Attempt).Should().Equal(1, 1);
    }

    [Fact]
    public async Task A_user_whose_host_is_killed_goes_offline_for_users_on_other_hosts_once_presence_expires()
    {
        await using var deployment = await Hosts.DeployAsync("presence", HostRole.AcceptOnly, HostRole.AcceptOnly);
        var (hostA, hostB) = (deployment.Urls[0], deployment.Urls[1]);
        var x = await SignUpAsync(hostA);
        var y = await SignUpAsync(hostA);
        await using var yLive = await RecordingLiveConnection.StartAsync(new PlatformClient(hostA, y.Credentials));
        await using var xLive = await RecordingLiveConnection.StartAsync(new PlatformClient(hostB, x.Credentials));
        await yLive.Presence.WaitForAsync(c => c.UserId == x.UserId && c.Online);
        (await yLive.Live.GetOnlineUsersAsync()).Should().Contain(u => u.UserId == x.UserId);

        // No shutdown: host B never says X left, so only X's presence running out can tell host A.
        await deployment.Processes[1].KillAsync();

        var left = await yLive.Presence.WaitForAsync(c => c.UserId == x.UserId && !c.Online, PresenceExpiry * 4);
        left.DisplayName.Should().Be(x.DisplayName);
        (await yLive.Live.GetOnlineUsersAsync()).Should().NotContain(u => u.UserId == x.UserId).And.Contain(u => u.UserId == y.UserId);
    }

    [Fact]
    public async Task A_cancel_sent_to_one_host_stops_the_job_running_on_another_within_seconds()
    {
        await using var deployment = await Hosts.DeployAsync("cancel", HostRole.AcceptOnly, HostRole.Worker);
        await deployment.SignInAsync();
        var client = deployment.Client(deployment.Urls[0]);
        var submitted = await client.SubmitAsync(SlowJob(ticks: 200));
        await using var watcher = await JobWatcher.StartAsync(client, submitted.Id);
        await watcher.WaitForAsync(e => e.Kind == JobEventKind.Progressed, TimeSpan.FromSeconds(60));

        var clock = Stopwatch.StartNew();
        await client.CancelAsync(submitted.Id);
        var finished = await watcher.WaitForFinishAsync();

        finished.Kind.Should().Be(JobEventKind.Cancelled);
        // A margin a busy 2-core machine keeps: the job's 200 ticks would take four times as long.
        clock.Elapsed.Should().BeLessThan(TimeSpan.FromSeconds(5));
        watcher.Received.Should().Contain(e => e.Transient, "live progress crossed from the worker host to the client's host");
    }

    [Fact]
    public async Task Jobs_keep_running_while_Redis_is_down_and_watchers_catch_up_when_it_returns()
    {
        await using var deployment = await Hosts.DeployAsync("redis-outage", HostRole.AcceptOnly, HostRole.Worker);
        await deployment.SignInAsync();
        var client = deployment.Client(deployment.Urls[0]);
        var first = await client.SubmitAsync(SlowJob(ticks: 4));
        await using var watcher = await JobWatcher.StartAsync(client, first.Id);
        await watcher.WaitForFinishAsync();
        var during = await client.SubmitAsync(SlowJob(ticks: 80));
        await using var outageWatcher = await JobWatcher.StartAsync(client, during.Id);
        await outageWatcher.WaitForAsync(e => e.Kind == JobEventKind.Started);

        await Hosts.StopRedisAsync();
        try
        {
            var submittedDuringOutage = await client.SubmitAsync(SlowJob(ticks: 4));
            (await PollUntilFinishedAsync(client, submittedDuringOutage.Id)).Status.Should().Be(JobStatus.Succeeded, "polling works without Redis");
            (await PollUntilFinishedAsync(client, during.Id)).Status.Should().Be(JobStatus.Succeeded);
            outageWatcher.Stored.Should().NotContain(e => e.Kind == JobEventKind.Succeeded, "the end happened on another host while Redis was down");
        }
        finally
        {
            await Hosts.StartRedisAsync();
        }

        (await outageWatcher.WaitForFinishAsync(TimeSpan.FromSeconds(60))).Kind.Should().Be(JobEventKind.Succeeded,
            "the watcher's host reads what it missed once Redis is back");
        var history = await client.GetEventsAsync(during.Id);
        outageWatcher.Stored.Select(e => e.Version).Should().Equal(history.Select(e => e.Version), "every stored event arrives once, in order");
        var after = await client.SubmitAsync(SlowJob(ticks: 4));
        await using var afterWatcher = await StartWatcherOnceHubsRecoverAsync(client, after.Id);
        (await afterWatcher.WaitForFinishAsync(TimeSpan.FromSeconds(60))).Kind.Should().Be(JobEventKind.Succeeded);
    }

    // The hub's backplane reconnects on its own schedule; until it has, a new connection is refused and clients retry, as this does.
    private static async Task<JobWatcher> StartWatcherOnceHubsRecoverAsync(Platform.Client.PlatformClient client, Guid jobId)
    {
        var started = await Eventually.ReadAsync<(JobWatcher? Watcher, string? Refusal)>(async () =>
        {
            try
            {
                return (await JobWatcher.StartAsync(client, jobId), null);
            }
            catch (Exception e)
            {
                return (null, e.Message);
            }
        }, attempt => attempt.Watcher is not null, $"a watcher of job {jobId} connects", interval: TimeSpan.FromMilliseconds(250));
        return started.Watcher!;
    }

    private static Task<Job> PollUntilFinishedAsync(Platform.Client.PlatformClient client, Guid jobId) =>
        Eventually.ReadAsync(() => client.GetJobAsync(jobId), job => job.Status.IsFinished(), $"job {jobId} ends", TimeSpan.FromSeconds(60));

    private static async Task<(string UserId, string DisplayName, PlatformCredentials Credentials)> SignUpAsync(Uri host)
    {
        var anonymous = new PlatformClient(host);
        var email = $"presence-{Guid.NewGuid():N}@test.example";
        var profile = await anonymous.RegisterAsync(new RegisterRequest(email, TestUser.DefaultPassword));
        var tokens = await anonymous.LoginAsync(new LoginRequest(email, TestUser.DefaultPassword, "tests"));
        return (profile.Id.ToString(), profile.DisplayName, PlatformCredentials.Bearer(tokens.AccessToken));
    }

    // Jobs that take their time without taking the processor from the hosts around them: a tick every tenth of a second.
    private static SubmitJobRequest SlowJob(int ticks) => new(TickerJob.TypeName, JsonSerializer.SerializeToElement(new { ticks, intervalMs = 100 }));
}
