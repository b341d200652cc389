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
public sealed class HostFailureTests(HostFailureTests.Hosts hosts) : IClassFixture<HostFailureTests.Hosts>
{
    private static readonly TimeSpan PresenceExpiry = TimeSpan.FromSeconds(3);

    /// <summary>
    /// One host that accepts jobs and one that runs them, shared by the class (a host's start is most of a test's time);
    /// each test works as a user of its own, and a test that kills a host kills only what it started or replaces.
    /// </summary>
    public sealed class Hosts : IAsyncLifetime
    {
        private LocalCluster _cluster = null!;

        public TestCluster.Deployment Deployment { get; private set; } = null!;

        /// <summary>The host that accepts jobs and runs none; no test stops it.</summary>
        public Uri Front => Deployment.Urls[0];

        /// <summary>The host that runs the jobs; the one test that kills it starts another in its place.</summary>
        public HostProcess Worker { get; private set; } = null!;

        public async Task InitializeAsync()
        {
            _cluster = await LocalCluster.StartAsync(new Dictionary<string, string>
            {
                // A short lease so a dead host's job is free again within seconds, not the default 30.
                ["Jobs:Lease"] = "00:00:03",
                // Likewise a dead host's hub connections drop out of presence within seconds.
                ["Hubs:PresenceHeartbeat"] = "00:00:00.500",
                ["Hubs:PresenceExpiry"] = PresenceExpiry.ToString(),
            }, forTests: true);
            Deployment = await _cluster.DeployAsync("failures", HostRole.AcceptOnly, HostRole.Worker);
            Worker = Deployment.Processes[1];
        }

        public async Task<HostProcess> StartAsync(HostRole role)
        {
            var url = await Deployment.AddHostAsync(role);
            var started = Deployment.Processes.Single(p => p.Url == url);
            if (role == HostRole.Worker)
                Worker = started;
            return started;
        }

        /// <summary>A client of <paramref name="host"/> for a user of its own, so the tests that share the hosts share no jobs.</summary>
        public async Task<PlatformClient> NewUserAsync(Uri host) => Deployment.Client(host, await Deployment.NewUserKeyAsync());

        public async Task DisposeAsync()
        {
            await Deployment.DisposeAsync();
            await _cluster.DisposeAsync();
        }
    }

    [Fact]
    public async Task A_job_whose_host_is_killed_is_finished_by_another_and_the_client_connected_there_gets_every_stored_event_once()
    {
        // The .NET client has one address: a balancer sends it to the job's host while that lives, then to the other.
        await using var balancer = TcpRelay.ToFirstLiveOf(hosts.Worker.Url, hosts.Front);
        var client = await hosts.NewUserAsync(balancer.Address);
        var submitted = await client.SubmitAsync(SlowJob(ticks: 40));
        await using var watcher = await JobWatcher.StartAsync(client, submitted.Id);
        await watcher.WaitForAsync(e => e.Kind == JobEventKind.Progressed && !e.Transient);
        var storedBeforeKill = await client.GetEventsAsync(submitted.Id);

        await hosts.Worker.KillAsync();
        await hosts.StartAsync(HostRole.Worker);

        (await watcher.WaitForFinishAsync(TimeSpan.FromSeconds(90))).Kind.Should().Be(JobEventKind.Succeeded);
        var history = await client.GetEventsAsync(submitted.Id);
        history.Take(storedBeforeKill.Count).Should().BeEquivalentTo(storedBeforeKill, "nothing acknowledged before the kill is lost");
        history.Select(e => e.Version).Should().Equal(Enumerable.Range(1, history.Count).Select(v => (long)v));
        watcher.Stored.Select(e => e.Version).Should().Equal(history.Select(e => e.Version), "the client reconnected to the other host and missed or repeated nothing");
        var starts = history.Where(e => e.Kind == JobEventKind.Started).ToList();
        starts.Should().HaveCount(2);
        starts[0].Message.Should().StartWith("started on");
        starts[1].Message.Should().StartWith("recovered on").And.NotBe(starts[0].Message!.Replace("started", "recovered"));
        starts.Select(e => e.Attempt).Should().Equal(1, 1);
    }

    [Fact]
    public async Task A_user_whose_host_is_killed_goes_offline_for_users_on_other_hosts_once_presence_expires()
    {
        var hostB = await hosts.StartAsync(HostRole.AcceptOnly);
        var x = await SignUpAsync(hosts.Front);
        var y = await SignUpAsync(hosts.Front);
        await using var yLive = await RecordingLiveConnection.StartAsync(new PlatformClient(hosts.Front, y.Credentials));
        await using var xLive = await RecordingLiveConnection.StartAsync(new PlatformClient(hostB.Url, x.Credentials));
        await yLive.Presence.WaitForAsync(c => c.UserId == x.UserId && c.Online);
        (await yLive.Live.GetOnlineUsersAsync()).Should().Contain(u => u.UserId == x.UserId);

        // No shutdown: host B never says X left, so only X's presence running out can tell the front host.
        await hostB.KillAsync();

        var left = await yLive.Presence.WaitForAsync(c => c.UserId == x.UserId && !c.Online, PresenceExpiry * 4);
        left.DisplayName.Should().Be(x.DisplayName);
        (await yLive.Live.GetOnlineUsersAsync()).Should().NotContain(u => u.UserId == x.UserId).And.Contain(u => u.UserId == y.UserId);
    }

    [Fact]
    public async Task A_cancel_sent_to_one_host_stops_the_job_running_on_another_within_seconds()
    {
        var client = await hosts.NewUserAsync(hosts.Front);
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

    private static async Task<(string UserId, string DisplayName, PlatformCredentials Credentials)> SignUpAsync(Uri host)
    {
        var anonymous = new PlatformClient(host);
        var email = $"presence-{Guid.NewGuid():N}@test.example";
        var profile = await anonymous.RegisterAsync(new RegisterRequest(email, TestUser.DefaultPassword));
        var tokens = await anonymous.LoginAsync(new LoginRequest(email, TestUser.DefaultPassword, "tests"));
        return (profile.Id.ToString(), profile.DisplayName, PlatformCredentials.Bearer(tokens.AccessToken));
    }

    // Jobs that take their time without taking the processor from the hosts around them: a tick every tenth of a second.
    internal static SubmitJobRequest SlowJob(int ticks) => new(TickerJob.TypeName, JsonSerializer.SerializeToElement(new { ticks, intervalMs = 100 }));
}
