using Platform.Contracts.Admin;

namespace Platform.Storage.Hosts;

/// <summary>
/// Jobs the whole cluster ends per second, over the last <paramref name="history"/>, from the counts in the hosts'
/// beats: each host's rate is its count's rise between its last two beats, and the cluster's is the sum over hosts
/// still beating. Every host keeps its own copy from the beats it reads, so the figure needs no host to lead.
/// </summary>
public sealed class ClusterThroughput(TimeSpan history)
{
    private readonly Lock _gate = new();
    private readonly Dictionary<string, HostRate> _hosts = new(StringComparer.Ordinal);
    private readonly Queue<ThroughputPoint> _points = new();

    /// <summary>Takes the hosts' latest beats and adds the cluster's rate at <paramref name="now"/> to the history.</summary>
    public ThroughputPoint Record(IReadOnlyList<HostRecord> hosts, TimeSpan goneAfter, DateTimeOffset now)
    {
        lock (_gate)
        {
            var beating = hosts.Where(host => host.StoppedAt is null && host.Silent <= goneAfter).ToList();
            foreach (var name in _hosts.Keys.Except(beating.Select(host => host.Beat.Name)).ToList())
                _hosts.Remove(name);
            foreach (var host in beating)
                _hosts[host.Beat.Name] = _hosts.TryGetValue(host.Beat.Name, out var last) ? last.After(host) : HostRate.First(host);

            var point = new ThroughputPoint(now, _hosts.Values.Sum(rate => rate.SucceededPerSecond), _hosts.Values.Sum(rate => rate.FailedPerSecond));
            _points.Enqueue(point);
            while (_points.Peek().At < now - history)
                _points.Dequeue();
            return point;
        }
    }

    /// <summary>The points recorded within the history, oldest first.</summary>
    public IReadOnlyList<ThroughputPoint> History()
    {
        lock (_gate)
            return _points.ToArray();
    }

    private sealed record HostRate(DateTimeOffset BeatAt, long Succeeded, long Failed, double SucceededPerSecond, double FailedPerSecond)
    {
        // Its first beat seen gives counts, not yet a rate.
        public static HostRate First(HostRecord host) => new(host.LastBeatAt, host.Beat.JobsSucceeded, host.Beat.JobsFailed, 0, 0);

        public HostRate After(HostRecord host)
        {
            if (host.LastBeatAt <= BeatAt)
                return this;
            var seconds = (host.LastBeatAt - BeatAt).TotalSeconds;
            return new HostRate(host.LastBeatAt, host.Beat.JobsSucceeded, host.Beat.JobsFailed,
                Math.Max(host.Beat.JobsSucceeded - Succeeded, 0) / seconds, Math.Max(host.Beat.JobsFailed - Failed, 0) / seconds);
        }
    }
}
