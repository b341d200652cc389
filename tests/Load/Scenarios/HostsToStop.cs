using Platform.TestCluster;

namespace Platform.Load.Scenarios;

/// <summary>Stops the hosts a scenario started itself (the bare hubs), one after the other.</summary>
public sealed class HostsToStop(IReadOnlyList<HostProcess> hosts) : IAsyncDisposable
{
    public async ValueTask DisposeAsync()
    {
        foreach (var host in hosts)
            await host.DisposeAsync();
    }
}
