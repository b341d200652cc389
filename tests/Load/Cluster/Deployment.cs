namespace Platform.Load.Cluster;

/// <summary>The hosts a scenario talks to: processes this tool started over a fresh database, or running hosts given by --url.</summary>
public sealed class Deployment : IAsyncDisposable
{
    private readonly LocalCluster? _cluster;
    private readonly string? _postgres;
    private readonly string? _artifacts;
    private readonly List<HostProcess> _processes = [];
    private readonly List<Uri> _urls = [];

    internal Deployment(LocalCluster cluster, string postgres, string artifacts) =>
        (_cluster, _postgres, _artifacts) = (cluster, postgres, artifacts);

    private Deployment(IEnumerable<Uri> urls) => _urls.AddRange(urls);

    /// <summary>Hosts that were running before this tool: nothing to start or stop.</summary>
    public static Deployment Existing(IReadOnlyList<Uri> urls) => new(urls);

    public bool IsLocal => _cluster is not null;

    public IReadOnlyList<Uri> Urls => _urls;

    public IReadOnlyList<HostProcess> Processes => _processes;

    public async Task<Uri> AddHostAsync(HostRole role)
    {
        if (_cluster is null)
            throw new InvalidOperationException("Hosts given by --url cannot be added to.");
        var process = await HostProcess.StartAsync(Host.LocalServices.FreePort.Pick(), _cluster.SettingsFor(_postgres!, _artifacts!, role));
        _processes.Add(process);
        _urls.Add(process.Url);
        return process.Url;
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var process in _processes)
            await process.DisposeAsync();
    }
}
