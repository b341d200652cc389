using Platform.Contracts;
using Platform.Contracts.Schedules;
using Platform.Storage.Outcomes;
using Quartz;

namespace Platform.Jobs.Scheduling;

/// <summary>A schedule's timing: its cron and time zone checked as every schedule needs them, and what they mean.</summary>
public sealed partial class RecurringJobs
{
    /// <summary>
    /// What a schedule's cron and time zone mean, checked as a create checks them: in plain English, and its next
    /// firings at the zone's offset.
    /// </summary>
    public Outcome<SchedulePreview> Preview(PreviewScheduleRequest request)
    {
        var errors = new FieldErrors();
        var timeZone = CheckTiming(request.Cron, request.TimeZone, errors);
        if (errors.Any)
            return Refusal.Invalid(errors, "The cron cannot be previewed.");
        var cron = request.Cron.Trim();
        var expression = new CronExpression(cron, timeZone!);
        var firings = new List<DateTimeOffset>(FiringsPreviewed);
        for (var after = clock.GetUtcNow(); firings.Count < FiringsPreviewed && expression.GetNextValidTimeAfter(after) is { } next; after = next)
            firings.Add(TimeZoneInfo.ConvertTime(next, timeZone!));
        return new SchedulePreview(CronDescription.Of(cron), firings);
    }

    private const int FiringsPreviewed = 5;

    // The cron and its time zone as every schedule needs them, errors named by field; the zone when it is known.
    private TimeZoneInfo? CheckTiming(string? cron, string? timeZoneId, FieldErrors errors)
    {
        var timeZone = FindTimeZone(timeZoneId ?? "UTC");
        if (timeZone is null)
            errors.Add("timeZone", $"'{timeZoneId}' is not a known time zone.");
        else if (CronProblem(cron, timeZone) is { } problem)
            errors.Add("cron", problem);
        return timeZone;
    }

    // A cron repeats within a year; a week of firings, or this many, shows its shortest gap in practice.
    private static readonly TimeSpan FiringsChecked = TimeSpan.FromDays(7);
    private const int MostFiringsChecked = 20_000;

    private string? CronProblem(string? cron, TimeZoneInfo timeZone)
    {
        if (string.IsNullOrWhiteSpace(cron))
            return "is required.";
        CronExpression expression;
        try
        {
            expression = new CronExpression(cron.Trim(), timeZone);
        }
        catch (FormatException e)
        {
            return $"is not a cron expression ({e.Message}); the format has seconds first, e.g. '0 0 3 * * ?'.";
        }
        var first = expression.GetNextValidTimeAfter(clock.GetUtcNow());
        if (first is null)
            return "never fires.";
        // Every pair of consecutive firings over the coming firings, not only the first two: a cron may fire
        // rarely at first and then every second (seconds 0-49 of each minute, say).
        var (previous, checkedUntil) = (first.Value, first.Value + FiringsChecked);
        for (var firings = 1; firings < MostFiringsChecked && previous < checkedUntil; firings++)
        {
            if (expression.GetNextValidTimeAfter(previous) is not { } next)
                break;
            if (next - previous < options.MinScheduleInterval)
                return $"fires more often than every {options.MinScheduleInterval.TotalSeconds:0} seconds (at {previous:u} and {next:u}).";
            previous = next;
        }
        return null;
    }

    private static TimeZoneInfo? FindTimeZone(string id) =>
        TimeZoneInfo.TryFindSystemTimeZoneById(id, out var zone) ? zone : null;
}
