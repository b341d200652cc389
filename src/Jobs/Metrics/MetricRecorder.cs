using System.Collections.Concurrent;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Platform.Storage.Metrics;

namespace Platform.Jobs.Metrics;

/// <summary>
/// Keeps every metric value the jobs of this host report, live or stored, in memory per job (each series thinned as
/// <see cref="MetricSeries"/> does), and merges them into the stored series in one transaction every
/// <see cref="JobsOptions.ProgressStoreInterval"/>, and a job's alone just before its end is stored. A write that fails
/// leaves its values waiting for the next.
/// </summary>
public sealed class MetricRecorder(MetricSeriesRows rows, JobsOptions options, TimeProvider clock, ILogger<MetricRecorder> logger) : BackgroundService
{
    private readonly ConcurrentDictionary<Guid, PendingMetrics> _pending = new();
    private readonly SemaphoreSlim _writing = new(1, 1);

    public void Record(Guid jobId, IReadOnlyDictionary<string, double>? metrics, DateTimeOffset at)
    {
        if (metrics is null || metrics.Count == 0)
            return;
        Hold(jobId, series =>
        {
            foreach (var (name, value) in metrics)
            {
                if (!series.TryGetValue(name, out var values))
                    series[name] = values = new MetricSeries(options.Reports.MaxMetricPoints);
                values.Add(value, at);
            }
        });
    }

    /// <summary>Writes what the job reported so far on this host; never throws, as the job's end must not wait on its metrics.</summary>
    public Task FlushAsync(Guid jobId, CancellationToken ct) => WriteAsync(() => Take([jobId]), ct);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(options.ProgressStoreInterval, clock);
        try
        {
            while (await timer.WaitForNextTickAsync(stoppingToken))
                await WriteAsync(() => Take(_pending.Keys), stoppingToken);
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
        // The host is stopping: what its jobs reported last still goes out.
        await WriteAsync(() => Take(_pending.Keys), CancellationToken.None);
    }

    // A job's entry is taken whole; a value reported meanwhile starts a new one.
    private void Hold(Guid jobId, Action<Dictionary<string, MetricSeries>> change)
    {
        while (true)
        {
            var pending = _pending.GetOrAdd(jobId, _ => new PendingMetrics());
            lock (pending)
            {
                if (pending.Taken)
                    continue;
                change(pending.Series);
                return;
            }
        }
    }

    private List<(Guid JobId, Dictionary<string, MetricSeries> Series)> Take(IEnumerable<Guid> jobIds)
    {
        var taken = new List<(Guid, Dictionary<string, MetricSeries>)>();
        foreach (var jobId in jobIds)
            if (_pending.TryRemove(jobId, out var pending))
                lock (pending)
                {
                    pending.Taken = true;
                    taken.Add((jobId, pending.Series));
                }
        return taken;
    }

    // One write at a time on this host, each taking what is pending only once the one before is done, so a job's values
    // reach its series in the order they came, and a job's flush returns only once all it reported is written.
    private async Task WriteAsync(Func<List<(Guid JobId, Dictionary<string, MetricSeries> Series)>> take, CancellationToken ct)
    {
        try
        {
            await _writing.WaitAsync(ct);
        }
        catch (OperationCanceledException)
        {
            return;
        }
        var taken = take();
        try
        {
            if (taken.Count == 0)
                return;
            var byJob = taken.ToDictionary(t => t.JobId, t => t.Series);
            await rows.MergeAsync(taken.SelectMany(t => t.Series.Keys.Select(name => (t.JobId, name))).ToList(), (jobId, name, stored) =>
            {
                var series = new MetricSeries(options.Reports.MaxMetricPoints, stored);
                series.Append(byJob[jobId][name]);
                return series.ToStored();
            }, ct);
        }
        catch (Exception e)
        {
            if (e is not OperationCanceledException)
                logger.LogWarning(e, "Storing the metrics of {Jobs} jobs failed; will try again", taken.Count);
            foreach (var (jobId, series) in taken)
                PutBack(jobId, series);
        }
        finally
        {
            _writing.Release();
        }
    }

    // Values that could not be written go before those reported since.
    private void PutBack(Guid jobId, Dictionary<string, MetricSeries> earlier) => Hold(jobId, series =>
    {
        foreach (var (name, older) in earlier)
        {
            if (series.TryGetValue(name, out var newer))
                older.Append(newer);
            series[name] = older;
        }
    });

    private sealed class PendingMetrics
    {
        public readonly Dictionary<string, MetricSeries> Series = new(StringComparer.Ordinal);
        public bool Taken;
    }
}
