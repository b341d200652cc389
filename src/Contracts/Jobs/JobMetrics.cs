namespace Platform.Contracts.Jobs;

/// <summary>One value a job reported for a metric: the how-many-th value of that metric it was (0 for the first), the value, and when.</summary>
public sealed record MetricPoint(long Step, double Value, DateTimeOffset At);

/// <summary>A job's metrics as series by name, each oldest first, thinned evenly past <c>Jobs:Reports:MaxMetricPoints</c>.</summary>
public sealed record JobMetrics(IReadOnlyDictionary<string, IReadOnlyList<MetricPoint>> Series);

/// <summary>How a metric's final values are grouped: by job type, by project (none for jobs in no project), or by the UTC day the job finished.</summary>
public enum MetricGrouping
{
    Type,
    Project,
    Day,
}

/// <summary>A metric's final values of one group's jobs summarised; <paramref name="Group"/> is the type, the project's id or the day (yyyy-MM-dd), null for no project.</summary>
public sealed record MetricGroup(string? Group, double Min, double Max, double Mean, long Count);

/// <summary>The final value of <paramref name="Metric"/> of each of the caller's jobs that finished in [from, to), summarised by group.</summary>
public sealed record MetricAggregate(string Metric, MetricGrouping GroupBy, DateTimeOffset From, DateTimeOffset To, IReadOnlyList<MetricGroup> Groups);
