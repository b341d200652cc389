using Platform.Contracts.Jobs;

namespace Platform.Contracts.Schedules;

/// <summary>
/// Body of <c>POST /api/v1/schedules</c>: submit <paramref name="Job"/> whenever <paramref name="Cron"/> fires.
/// <paramref name="Cron"/> is a Quartz cron expression with seconds (<c>0 0 3 * * ?</c>: every day at 03:00),
/// read in <paramref name="TimeZone"/> (an IANA id such as <c>Europe/Paris</c>; UTC when left out).
/// </summary>
/// <param name="Project">One of the owner's projects: the schedule belongs to it and each firing submits its job into it.</param>
public sealed record CreateScheduleRequest(string Name, string Cron, SubmitJobRequest Job, string? TimeZone = null, Guid? Project = null);

/// <param name="LastJobId">The job the last run submitted; null when it submitted none (see <paramref name="LastRefusal"/>).</param>
/// <param name="LastRefusal">Why the last firing submitted no job: its owner's queue quota was full, or the job is no longer valid.</param>
/// <param name="Project">The owner's project the schedule belongs to and submits into; null for none.</param>
public sealed record Schedule(
    Guid Id,
    string Name,
    string Cron,
    string TimeZone,
    SubmitJobRequest Job,
    bool Paused,
    DateTimeOffset? NextRunAt,
    DateTimeOffset? LastRunAt,
    Guid? LastJobId,
    int Runs,
    DateTimeOffset CreatedAt,
    string? LastRefusal = null,
    Guid? Project = null);

/// <summary>Body of <c>POST /api/v1/schedules/preview</c>: a cron and time zone as <see cref="CreateScheduleRequest"/> takes them.</summary>
public sealed record PreviewScheduleRequest(string Cron, string? TimeZone = null);

/// <summary>What a cron means: in plain English, and its next firings at the offset of the schedule's time zone.</summary>
public sealed record SchedulePreview(string Description, IReadOnlyList<DateTimeOffset> NextFirings);
