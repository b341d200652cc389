using Platform.Client;
using Platform.Contracts.Admin;
using Platform.IntegrationTests.Infrastructure;
using Platform.TestCluster;

namespace Platform.IntegrationTests.Cluster;

/// <summary>
/// Host processes over one PostgreSQL: each beats, and every host's admins see them all, up, gone or stopped (that
/// users are forbidden the list is the isolation test's, which walks every admin endpoint).
/// </summary>
[Collection(HostProcessesCollection.Name)]
public sealed class HostBeatTests : IAsyncLifetime
{
    private static readonly TimeSpan GoneAfter = TimeSpan.FromSeconds(2);

    private LocalCluster _cluster = null!;

    public async Task InitializeAsync() => _cluster = await LocalCluster.StartAsync(new Dictionary<string, string>
    {
        ["Hosts:BeatInterval"] = "00:00:00.500",
        ["Hosts:GoneAfter"] = GoneAfter.ToString(),
    }, forTests: true);

    public async Task DisposeAsync() => await _cluster.DisposeAsync();

    [Fact]
    public async Task An_admin_sees_every_host_and_a_killed_one_gone_and_a_stopped_one_stopped()
    {
        await using var deployment = await _cluster.DeployAsync("beats", HostRole.AcceptOnly, HostRole.Worker, HostRole.Worker);
        var admin = (await TestUser.SignUpAsync(new PlatformClient(deployment.Urls[0]))).Client; // the first user of a deployment is its admin

        var hosts = await Eventually.ReadAsync(() => admin.AdminListHostsAsync(), h => h.Count(x => x.State == HostState.Up) == 3,
            "all three hosts beating", TimeSpan.FromSeconds(20));
        hosts.Select(h => h.Workers).Order().Should().Equal(0, 20, 20);
        hosts.Should().OnlyContain(h => h.Version.Length > 0 && h.LastBeatAt >= h.StartedAt);

        await deployment.Processes[1].KillAsync();
        await deployment.Processes[2].StopAsync();

        var after = await Eventually.ReadAsync(() => admin.AdminListHostsAsync(),
            h => h.Count(x => x.State == HostState.Gone) == 1 && h.Count(x => x.State == HostState.Stopped) == 1,
            "the killed host gone and the stopped one stopped", GoneAfter * 10);
        after.Should().HaveCount(3);
        after.Count(h => h.State == HostState.Up).Should().Be(1);
    }
}
