namespace Platform.Contracts.Jobs;

/// <summary>One line a job logged; <see cref="Version"/> is its stored event's, so lines order and resume like events.</summary>
public sealed record JobLogLine(long Version, DateTimeOffset At, JobLogLevel Level, string Message, int Attempt);
