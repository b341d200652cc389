using Platform.TestCluster;

namespace Platform.IntegrationTests.Load;

/// <summary>One cluster of PostgreSQL and Redis for the load tool's smoke tests: every scenario deploys to a database of its own.</summary>
public sealed class LoadClusterFixture : IAsyncLifetime
{
    private LocalCluster? _cluster;

    public LocalCluster Cluster => _cluster ?? throw new InvalidOperationException("The cluster has not started.");

    public async Task InitializeAsync() => _cluster = await LocalCluster.StartAsync(new Dictionary<string, string>(), forTests: true);

    public async Task DisposeAsync()
    {
        if (_cluster is not null)
            await _cluster.DisposeAsync();
    }
}
