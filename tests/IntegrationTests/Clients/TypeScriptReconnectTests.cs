using Platform.IntegrationTests.Infrastructure;
using Platform.Jobs.Benchmarks;
using Platform.TestCluster;
using Xunit.Abstractions;

namespace Platform.IntegrationTests.Clients;

/// <summary>
/// The TypeScript client's live connection when the host it talks to dies: it reconnects to the platform's other host
/// and resumes each watched job after the last version it delivered, so every stored event arrives once and in order.
/// </summary>
[Collection(HostProcessesCollection.Name)]
public sealed class TypeScriptReconnectTests(TypeScriptReconnectTests.Cluster fixture, ITestOutputHelper output) : IClassFixture<TypeScriptReconnectTests.Cluster>
{
    public sealed class Cluster : IAsyncLifetime
    {
        public LocalCluster Value { get; private set; } = null!;

        public async Task InitializeAsync() => Value = await LocalCluster.StartAsync(new Dictionary<string, string>(), forTests: true);

        public async Task DisposeAsync() => await Value.DisposeAsync();
    }

    [Fact]
    public async Task A_client_whose_host_is_killed_mid_job_reconnects_to_the_other_and_delivers_every_stored_event_once_in_order()
    {
        // The job runs on the second host, which lives; the client is connected to the first, which dies.
        await using var deployment = await fixture.Value.DeployAsync("ts-reconnect", HostRole.AcceptOnly, HostRole.Worker);
        await deployment.SignInAsync();
        await using var node = TypeScriptNode.Start(TypeScriptNode.Package, new Dictionary<string, string>
        {
            ["PLATFORM_URLS"] = $"{deployment.Urls[0]},{deployment.Urls[1]}",
            ["PLATFORM_API_KEY"] = deployment.ApiKey,
            ["PLATFORM_SLOW_TYPE"] = TickerJob.TypeName,
        }, "dist/test/scenarios/reconnect.js");
        try
        {
            await Eventually.HoldsAsync(() => Task.FromResult(node.Output.Contains("watching ") || node.HasExited), "the client watching the job",
                TimeSpan.FromSeconds(60));
            node.Output.Should().Contain($"through {deployment.Urls[0]}");

            await deployment.Processes[0].KillAsync();

            (await node.WaitForExitAsync(TimeSpan.FromSeconds(90))).Should().Be(0, node.Output);
            node.Output.Should().Contain("every stored event once and in order");
        }
        finally
        {
            output.WriteLine(node.Output);
        }
    }
}
