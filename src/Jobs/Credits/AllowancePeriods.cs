namespace Platform.Jobs.Credits;

/// <summary>The periods an allowance is granted for, in UTC: each has a name the ledger keeps it under and an end.</summary>
public static class AllowancePeriods
{
    public static bool IsKnown(string? period) => period is "day" or "week" or "month";

    /// <summary>The period <paramref name="now"/> falls in: its name (e.g. <c>2026-12</c>) and when the next begins.</summary>
    public static (string Name, DateTimeOffset NextAt) Of(string period, DateTimeOffset now)
    {
        var day = new DateTimeOffset(now.UtcDateTime.Date, TimeSpan.Zero);
        switch (period)
        {
            case "day":
                return (day.ToString("yyyy-MM-dd"), day.AddDays(1));
            case "week":
                var monday = day.AddDays(-(((int)day.DayOfWeek + 6) % 7));
                return ($"week of {monday:yyyy-MM-dd}", monday.AddDays(7));
            default:
                var first = new DateTimeOffset(day.Year, day.Month, 1, 0, 0, 0, TimeSpan.Zero);
                return (first.ToString("yyyy-MM"), first.AddMonths(1));
        }
    }
}
