using System.Globalization;
using Platform.Contracts.Jobs;

namespace Platform.Client;

// Metrics: a job's series of the values it reported, and a metric's final values across the caller's finished jobs.
public sealed partial class PlatformClient
{
    /// <summary>The job's metrics as series by name, oldest first (only <paramref name="name"/>'s when given).</summary>
    public Task<JobMetrics> GetJobMetricsAsync(Guid jobId, string? name = null, CancellationToken ct = default) =>
        SendAsync<JobMetrics>(HttpMethod.Get, $"api/v1/jobs/{jobId}/metrics" + (name is null ? "" : $"?name={Uri.EscapeDataString(name)}"), null, ct);

    /// <summary>
    /// The final value of <paramref name="metric"/> of each of the caller's jobs that finished in [<paramref name="from"/>,
    /// <paramref name="to"/>), summarised per group; the period defaults to the longest the platform allows, up to now.
    /// </summary>
    public Task<MetricAggregate> AggregateMetricAsync(string metric, MetricGrouping groupBy = MetricGrouping.Type, DateTimeOffset? from = null,
        DateTimeOffset? to = null, CancellationToken ct = default)
    {
        var query = $"api/v1/metrics/aggregate?metric={Uri.EscapeDataString(metric)}&groupBy={groupBy.ToString().ToLowerInvariant()}";
        if (from is { } since)
            query += $"&from={Uri.EscapeDataString(since.ToString("O", CultureInfo.InvariantCulture))}";
        if (to is { } until)
            query += $"&to={Uri.EscapeDataString(until.ToString("O", CultureInfo.InvariantCulture))}";
        return SendAsync<MetricAggregate>(HttpMethod.Get, query, null, ct);
    }
}
