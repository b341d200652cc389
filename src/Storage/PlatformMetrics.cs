using System.Diagnostics.Metrics;
using Platform.Contracts.Jobs;

namespace Platform.Storage;

/// <summary>
/// The platform's own measurements: jobs, the queue and the hub, under the meter <see cref="MeterName"/>. It sits in
/// Storage so every project can record; whichever exporter the host sets up (Prometheus today) publishes them.
/// </summary>
public sealed class PlatformMetrics
{
    public const string MeterName = "Platform";

    // Jobs run from milliseconds (benchmarks) to an hour (training).
    private static readonly double[] DurationBuckets = [0.01, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60, 120, 300, 600, 1800, 3600];

    private readonly Counter<long> _submitted;
    private readonly Counter<long> _succeeded;
    private readonly Counter<long> _failed;
    private readonly Counter<long> _cancelled;
    private readonly Histogram<double> _duration;
    private readonly UpDownCounter<long> _hubConnections;
    private readonly Counter<long> _hubMessages;
    private readonly Counter<long> _hubTicksSuperseded;
    private long _queueDepth = -1;
    private long _succeededSoFar;
    private long _failedSoFar;

    public PlatformMetrics(IMeterFactory meterFactory)
    {
        var meter = meterFactory.Create(MeterName);
        _submitted = meter.CreateCounter<long>("platform.jobs.submitted", description: "Jobs stored by a submit, by type.");
        _succeeded = meter.CreateCounter<long>("platform.jobs.succeeded", description: "Jobs that ended succeeded, by type.");
        _failed = meter.CreateCounter<long>("platform.jobs.failed", description: "Jobs that ended failed (no attempts left), by type.");
        _cancelled = meter.CreateCounter<long>("platform.jobs.cancelled", description: "Jobs that ended cancelled, by type.");
        _duration = meter.CreateHistogram("platform.job.duration", unit: "s",
            description: "How long the last attempt of an ended job ran, by type and status.",
            tags: null, advice: new InstrumentAdvice<double> { HistogramBucketBoundaries = DurationBuckets });
        meter.CreateObservableGauge("platform.queue.depth", ObserveQueueDepth,
            description: "Jobs in the queue, waiting or running, on the whole platform (every host reports the same).");
        _hubConnections = meter.CreateUpDownCounter<long>("platform.hub.connections", description: "Hub connections open on this host.");
        _hubMessages = meter.CreateCounter<long>("platform.hub.messages.sent",
            description: "Hub messages this host sent, by client method; a send to a group or user counts once.");
        _hubTicksSuperseded = meter.CreateCounter<long>("platform.hub.ticks.superseded",
            description: "Live progress ticks replaced by a newer tick of the same job before a slow connection took them.");
    }

    public void JobSubmitted(string type) => _submitted.Add(1, Type(type));

    /// <param name="ranFor">How long its last attempt ran; null for a job that ended without running (cancelled while queued).</param>
    public void JobEnded(string type, JobStatus status, TimeSpan? ranFor)
    {
        var counter = status switch
        {
            JobStatus.Succeeded => _succeeded,
            JobStatus.Failed => _failed,
            JobStatus.Cancelled => _cancelled,
            _ => null,
        };
        counter?.Add(1, Type(type));
        if (status == JobStatus.Succeeded)
            Interlocked.Increment(ref _succeededSoFar);
        else if (status == JobStatus.Failed)
            Interlocked.Increment(ref _failedSoFar);
        if (ranFor is { } duration)
            _duration.Record(Math.Max(duration.TotalSeconds, 0), Type(type), new("status", status.ToString().ToLowerInvariant()));
    }

    /// <summary>Jobs whose success this host stored since it started, for its beat.</summary>
    public long SucceededSoFar => Interlocked.Read(ref _succeededSoFar);

    /// <summary>Jobs whose failure this host stored since it started, for its beat.</summary>
    public long FailedSoFar => Interlocked.Read(ref _failedSoFar);

    /// <summary>The queue's depth as last read; the gauge reports this rather than counting on every scrape.</summary>
    public void QueueDepthRead(long depth) => Interlocked.Exchange(ref _queueDepth, depth);

    public void HubConnected() => _hubConnections.Add(1);

    public void HubDisconnected() => _hubConnections.Add(-1);

    public void HubMessageSent(string method) => _hubMessages.Add(1, new KeyValuePair<string, object?>("method", method));

    public void HubTickSuperseded() => _hubTicksSuperseded.Add(1);

    private IEnumerable<Measurement<long>> ObserveQueueDepth()
    {
        var depth = Interlocked.Read(ref _queueDepth);
        return depth < 0 ? [] : [new Measurement<long>(depth)];
    }

    private static KeyValuePair<string, object?> Type(string type) => new("type", type);
}
