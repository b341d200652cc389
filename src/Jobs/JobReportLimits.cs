using System.Text;
using System.Text.Json;
using Platform.Storage.Outcomes;

namespace Platform.Jobs;

/// <summary>What a report breaks: the field to change and why, naming the setting it passed.</summary>
public sealed record ReportProblem(string Field, string Message)
{
    public Refusal ToRefusal() => Refusal.Invalid(Field, Message);
}

/// <summary>
/// The <c>Jobs:Reports</c> section: how much one job's runner may say, so one job cannot fill its history without end.
/// The same rules hold for a remote worker (refused with a 400 naming the field) and for a handler in the hosts.
/// </summary>
public sealed class JobReportLimits
{
    /// <summary>The longest progress message.</summary>
    public int MaxMessageLength { get; set; } = 1000;

    /// <summary>The most metrics one progress report carries.</summary>
    public int MaxMetrics { get; set; } = 32;

    /// <summary>The longest metric name.</summary>
    public int MaxMetricNameLength { get; set; } = 64;

    /// <summary>The most points one job's series of one metric keeps; past it the series is thinned evenly, keeping its first and last.</summary>
    public int MaxMetricPoints { get; set; } = 1000;

    /// <summary>The longest log line.</summary>
    public int MaxLogLineLength { get; set; } = 4000;

    /// <summary>The most log lines one job keeps (counted again from a manual retry).</summary>
    public int MaxLogLinesPerJob { get; set; } = 10_000;

    /// <summary>The longest failure text.</summary>
    public int MaxErrorLength { get; set; } = 4000;

    /// <summary>The largest output, as UTF-8 JSON.</summary>
    public int MaxOutputBytes { get; set; } = 64 * 1024;

    public ReportProblem? ProgressProblem(string? message, IReadOnlyDictionary<string, double>? metrics)
    {
        if (message?.Length > MaxMessageLength)
            return new("message", $"must be at most {MaxMessageLength} characters (Jobs:Reports:MaxMessageLength).");
        if (metrics is null)
            return null;
        if (metrics.Count > MaxMetrics)
            return new("metrics", $"must be at most {MaxMetrics} per report (Jobs:Reports:MaxMetrics).");
        foreach (var (name, value) in metrics)
        {
            if (name.Length is 0 || name.Length > MaxMetricNameLength)
                return new($"metrics.{Shortened(name)}", $"a metric's name must be 1 to {MaxMetricNameLength} characters (Jobs:Reports:MaxMetricNameLength).");
            if (!double.IsFinite(value))
                return new($"metrics.{name}", "must be a finite number.");
        }
        return null;
    }

    /// <summary>A line for a job that has kept <paramref name="kept"/> lines so far.</summary>
    public ReportProblem? LogProblem(string message, int kept) =>
        message.Length > MaxLogLineLength ? new("message", $"must be at most {MaxLogLineLength} characters (Jobs:Reports:MaxLogLineLength).")
        : kept >= MaxLogLinesPerJob ? new("message", $"is one line too many: a job keeps at most {MaxLogLinesPerJob} (Jobs:Reports:MaxLogLinesPerJob).")
        : null;

    public ReportProblem? ErrorProblem(string error) =>
        error.Length > MaxErrorLength ? new("error", $"must be at most {MaxErrorLength} characters (Jobs:Reports:MaxErrorLength).") : null;

    public ReportProblem? OutputProblem(JsonElement? output) =>
        output is { } json && Encoding.UTF8.GetByteCount(json.GetRawText()) > MaxOutputBytes
            ? new("output", $"must be at most {MaxOutputBytes} bytes of JSON (Jobs:Reports:MaxOutputBytes).")
            : null;

    /// <summary>A failure text as the hosts' handlers give it (an exception's message), cut to what a job keeps.</summary>
    public string Kept(string error) => error.Length <= MaxErrorLength ? error : error[..(MaxErrorLength - 1)] + "…";

    private static string Shortened(string name) => name.Length <= 64 ? name : name[..64];
}
