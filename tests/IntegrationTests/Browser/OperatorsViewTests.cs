using Platform.TestCluster;
using Xunit.Abstractions;

namespace Platform.IntegrationTests.Browser;

/// <summary>
/// The dashboard of two host processes over one database and Redis, walked by an admin and a user in a real browser;
/// the script kills the second host while the admin watches the hosts page.
/// </summary>
[Collection(BrowserCollection.Name)]
public sealed class OperatorsViewTests(ITestOutputHelper output) : IAsyncLifetime
{
    private LocalCluster _cluster = null!;

    public async Task InitializeAsync() => _cluster = await LocalCluster.StartAsync(new Dictionary<string, string>
    {
        // Host processes run from the tests' folder; the dashboard they serve is the one the host's build bundled.
        ["webroot"] = Path.Combine(BrowserScript.RepositoryRoot, "src", "Host", "wwwroot"),
        ["Hosts:BeatInterval"] = "00:00:00.500",
        ["Hosts:GoneAfter"] = "00:00:03",
        ["Overview:Interval"] = "00:00:00.500",
        ["Jobs:RetryDelay"] = "00:00:00.100",
    }, forTests: true);

    public async Task DisposeAsync() => await _cluster.DisposeAsync();

    [Fact]
    public async Task An_admin_and_a_user_walk_every_page_with_axe_passing_in_both_themes_and_at_both_widths()
    {
        await using var deployment = await _cluster.DeployAsync("operators", HostRole.Worker, HostRole.Worker);
        var screenshots = Path.Combine(BrowserScript.RepositoryRoot, "artifacts", "browser");

        var result = await BrowserScript.RunAsync("operators.mjs", TimeSpan.FromMinutes(6),
            deployment.Urls[0].ToString(), screenshots, deployment.Processes[1].ProcessId.ToString());

        output.WriteLine(result.Output);
        result.ExitCode.Should().Be(0, result.Output);
    }
}
