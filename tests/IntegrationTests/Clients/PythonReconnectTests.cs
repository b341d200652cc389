using Platform.IntegrationTests.Infrastructure;
using Platform.TestCluster;
using Xunit.Abstractions;

namespace Platform.IntegrationTests.Clients;

/// <summary>
/// The Python client given two host processes of one platform: the one it watches a job through is killed mid-job,
/// and it goes on through the other, delivering every stored event once and in order.
/// </summary>
[Collection(HostProcessesCollection.Name)]
public sealed class PythonReconnectTests(PythonReconnectTests.Cluster fixture, ITestOutputHelper output) : IClassFixture<PythonReconnectTests.Cluster>
{
    public const string Module = "test_reconnect";

    public sealed class Cluster : IAsyncLifetime
    {
        public LocalCluster Value { get; private set; } = null!;

        public async Task InitializeAsync() => Value = await LocalCluster.StartAsync(new Dictionary<string, string>(), forTests: true);

        public async Task DisposeAsync() => await Value.DisposeAsync();
    }

    [Fact]
    public async Task A_python_watch_whose_host_is_killed_goes_on_through_the_other_host_with_every_stored_event_once_in_order()
    {
        await using var deployment = await fixture.Value.DeployAsync("python-reconnect", HostRole.AcceptOnly, HostRole.Worker);
        await deployment.SignInAsync();

        var run = await PythonUnitTests.RunAsync(Module, new Dictionary<string, string>
        {
            ["PLATFORM_URL"] = string.Join(',', deployment.Urls),
            ["PLATFORM_API_KEY"] = deployment.ApiKey,
            ["PLATFORM_DOOMED_HOST_PID"] = deployment.Processes[0].ProcessId.ToString(System.Globalization.CultureInfo.InvariantCulture),
        }, TimeSpan.FromMinutes(2));

        output.WriteLine(run.Output);
        var test = PythonUnitTests.TestsOf().Single(id => id.StartsWith(Module + ".", StringComparison.Ordinal));
        run.OutcomeOf(test).Should().Be("ok", $"python3 -m unittest says of {test}:\n{run.FailureOf(test)}");
    }
}
