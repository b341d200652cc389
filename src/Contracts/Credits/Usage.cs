namespace Platform.Contracts.Credits;

/// <summary>What was run in a period, one row per group (a day, a job type, a project, a member or an end user), and the total.</summary>
/// <param name="GroupBy">day, type, project, member or endUser.</param>
public sealed record UsageReport(DateTimeOffset From, DateTimeOffset To, string GroupBy, IReadOnlyList<UsageRow> Rows, UsageRow Total);

/// <summary>Jobs that finished in the period within one group.</summary>
/// <param name="Key">The group: a day as yyyy-MM-dd, a type's name, a project's or member's id, an end user; empty for jobs without one.</param>
/// <param name="Credits">What they were charged.</param>
/// <param name="RunSeconds">How long their attempts that ran took, in seconds.</param>
/// <param name="Failures">How many of them failed.</param>
public sealed record UsageRow(string Key, long Credits, long Jobs, double RunSeconds, long Failures);
