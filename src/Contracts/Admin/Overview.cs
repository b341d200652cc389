namespace Platform.Contracts.Admin;

/// <summary>
/// The cluster at a glance, as admins watch it: every host, the queue by job type, and jobs ended per second.
/// <see cref="Throughput"/> holds the recent history when asked for, and only the newest point in each live push.
/// </summary>
public sealed record ClusterOverview(DateTimeOffset At, IReadOnlyList<HostInfo> Hosts, IReadOnlyList<QueueDepth> Queue, IReadOnlyList<ThroughputPoint> Throughput);

/// <summary>
/// Jobs of one type in the queue: <see cref="Ready"/> to be claimed now, <see cref="Scheduled"/> for later (a delayed
/// submit or a retry's backoff), <see cref="Running"/> under a live lease of a host or a worker.
/// </summary>
public sealed record QueueDepth(string Type, int Ready, int Scheduled, int Running);

/// <summary>Jobs the whole cluster ended per second around <see cref="At"/>, as the hosts counted them.</summary>
public sealed record ThroughputPoint(DateTimeOffset At, double SucceededPerSecond, double FailedPerSecond);
