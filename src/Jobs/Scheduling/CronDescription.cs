using System.Globalization;

namespace Platform.Jobs.Scheduling;

/// <summary>
/// A Quartz cron expression (seconds first) in plain English: "At 03:00, every day", "Every 15 minutes, during hours 9
/// through 17, Monday through Friday". Shapes it has no sentence for are described field by field, never guessed at.
/// </summary>
public static partial class CronDescription
{
    // Clock times are listed when a cron fires at most this many times a day: "At 09:00, 12:30 and 17:00".
    private const int MostTimesListed = 8;

    private static readonly string[] FieldNames = ["second", "minute", "hour", "day of the month", "month", "day of the week", "year"];
    private static readonly string[] Ordinals = ["first", "second", "third", "fourth", "fifth"];
    private static readonly int[] MondayFirst = [2, 3, 4, 5, 6, 7, 1];

    public static string Of(string cron)
    {
        var fields = cron.Trim().ToUpperInvariant().Split([' ', '\t'], StringSplitOptions.RemoveEmptyEntries);
        if (fields.Length is < 6 or > 7 || !TryParse(fields, out var parsed))
            return FieldByField(fields);
        var (seconds, minutes, hours, days, months, weekdays) = (parsed[0], parsed[1], parsed[2], parsed[3], parsed[4], parsed[5]);

        var onTheHour = OnTheHour(seconds, minutes, hours);
        var times = onTheHour is null ? ClockTimes(seconds, minutes, hours) : null;
        var day = (DaysOfMonth(days), DaysOfWeek(weekdays)) switch
        {
            // Quartz fires on either when both are given.
            ({ } ofMonth, { } ofWeek) => $"{ofMonth} and {ofWeek}",
            var (ofMonth, ofWeek) => ofMonth ?? ofWeek ?? (times is null ? null : "every day"),
        };
        var sentence = Join(onTheHour ?? times ?? TimeField(seconds, minutes, hours), day,
            InSet(months, Month, MonthName), fields.Length == 7 ? Years(parsed[6]) : null)!;
        return char.ToUpperInvariant(sentence[0]) + sentence[1..];
    }

    // "At 03:00", "At 09:00 and 17:30", with seconds when any is not 0: every time of a day, when they are few.
    private static string? ClockTimes(Field seconds, Field minutes, Field hours)
    {
        if (!seconds.IsPlain || !minutes.IsPlain || !hours.IsPlain)
            return null;
        var (s, m, h) = (seconds.Values(Second), minutes.Values(Minute), hours.Values(Hour));
        if (s.Count * m.Count * h.Count > MostTimesListed)
            return null;
        var format = s.Any(second => second != 0) ? @"hh\:mm\:ss" : @"hh\:mm";
        var times = from hour in h from minute in m from second in s
                    select new TimeSpan(hour, minute, second).ToString(format, CultureInfo.InvariantCulture);
        return "at " + List(times.ToList());
    }

    // "Every hour", "Every 3 hours from 01:00 through 22:00", "Every hour from 09:00 through 17:00": firings on the hour.
    private static string? OnTheHour(Field seconds, Field minutes, Field hours)
    {
        if (!seconds.Is(0) || !minutes.Is(0))
            return null;
        if (hours.IsAll)
            return "every hour";
        if (hours.Terms is not [{ Kind: TermKind.Range or TermKind.Step } term])
            return null;
        var (phrase, from, through) = Every(term, Hour);
        return from is null ? phrase : $"{phrase} from {Clock(from.Value)} through {Clock(through!.Value)}";
    }

    // Finest field first: "every 5 minutes", then what the coarser fields narrow it to ("during hours 9 through 17"),
    // or "at second 30", then what it is of ("of every minute", "of minutes 0 through 29").
    private static string TimeField(Field seconds, Field minutes, Field hours)
    {
        var phrases = new List<string>();
        var repeating = (bool?)null;
        foreach (var (field, unit) in new[] { (seconds, Second), (minutes, Minute), (hours, Hour) })
        {
            if (unit == Second && field.Is(0))
                continue;
            if (field.IsAll)
            {
                if (repeating is null)
                    phrases.Add($"every {unit.Name}");
                else if (repeating is false)
                    phrases[^1] += $" of every {unit.Name}";
                repeating = true;
            }
            else if (field.Terms is [{ Kind: TermKind.Step } step])
            {
                var (phrase, from, through) = Every(step, unit);
                var range = from is null ? "" : $" from {unit.Name} {from} through {through}";
                phrases.Add(repeating is true ? $"during every {Nth(step.Step)} {unit.Name}{range}" : phrase + range);
                repeating = true;
            }
            else if (repeating is false)
                phrases[^1] += " of " + Values(field.Terms, unit);
            else
            {
                phrases.Add((repeating is null ? "at " : "during ") + Values(field.Terms, unit));
                repeating = false;
            }
        }
        return string.Join(", ", phrases);
    }

    // A step or range as "every n units", with the first and last value it reaches unless it spans the unit evenly.
    private static (string Phrase, int? From, int? Through) Every(Term term, Unit unit)
    {
        var step = term.Kind == TermKind.Range ? 1 : term.Step;
        var values = term.Values(unit);
        var phrase = step == 1 ? $"every {unit.Name}" : $"every {step} {unit.Name}s";
        var even = values[0] == unit.Min && values[^1] + step == unit.Max + 1;
        return even ? (phrase, null, null) : (phrase, values[0], values[^1]);
    }

    private static string? DaysOfMonth(Field days)
    {
        if (days.IsAll)
            return null;
        if (days.Terms is [{ Kind: TermKind.Step } step])
        {
            var (_, from, through) = Every(step, Day);
            var range = from is null || (from == Day.Min && step.End is null) ? "" : $" from day {from} through {through}";
            return $"on every {Nth(step.Step)} day of the month{range}";
        }
        var which = days.IsPlain
            ? Values(days.Terms, Day)
            : List(days.Terms.Select(term => term.IsPlain ? Values([term], Day) : SpecialDay(term)).ToList());
        return $"on {which} of the month";
    }

    private static string SpecialDay(Term term) => term.Kind switch
    {
        TermKind.Last when term.Start == 0 => "the last day",
        TermKind.Last => $"the day {term.Start} day{(term.Start == 1 ? "" : "s")} before the last day",
        TermKind.LastWeekday => "the last weekday",
        TermKind.NearestWeekday => $"the weekday nearest day {term.Start}",
        _ => $"day {term.Start}",
    };

    private static string? DaysOfWeek(Field weekdays) => weekdays.Terms switch
    {
        _ when weekdays.IsAll => null,
        [{ Kind: TermKind.LastOfWeek } last] => $"on the last {DayName(last.Start)} of the month",
        [{ Kind: TermKind.NthOfWeek } nth] => $"on the {Ordinals[nth.Step - 1]} {DayName(nth.Start)} of the month",
        _ when !weekdays.IsPlain => $"when the day of the week is '{weekdays.Text}'",
        _ => Set(weekdays.Values(Weekday), DayName, MondayFirst) switch
        {
            null => null,
            (var run, true) => run,
            (var days, false) => "on " + days,
        },
    };

    private static string? InSet(Field months, Unit unit, Func<int, string> name) =>
        Set(months.Values(unit), name, Enumerable.Range(unit.Min, unit.Max - unit.Min + 1).ToArray()) is var (set, _) ? "in " + set : null;

    // A set of days or months in their natural order: "Monday through Friday" when it is one run of three or more
    // (which may wrap, "Friday through Monday"), else each named; null when it holds them all.
    private static (string Text, bool Run)? Set(IReadOnlyList<int> values, Func<int, string> name, int[] order)
    {
        var held = order.Select(values.Contains).ToArray();
        if (held.All(h => h))
            return null;
        var n = order.Length;
        var start = Enumerable.Range(0, n).FirstOrDefault(i => held[i] && !held[(i + n - 1) % n], -1);
        var run = start < 0 ? 0 : Enumerable.Range(0, n).TakeWhile(i => held[(start + i) % n]).Count();
        if (run >= 3 && run == values.Count)
            return ($"{name(order[start])} through {name(order[(start + run - 1) % n])}", true);
        return (List(order.Where(values.Contains).Select(name).ToList()), false);
    }

    private static string? Years(Field years) => years switch
    {
        { IsAll: true } => null,
        { Terms: [{ Kind: TermKind.Step } step] } => $"{Every(step, Year).Phrase} from {step.Start} through {step.Values(Year)[^1]}",
        _ => "in " + List(Items(years.Terms, Year)),
    };

    // "minute 5", "minutes 0, 15 and 30 through 35": each value or range of plain terms; a step's values one by one.
    private static string Values(IReadOnlyList<Term> terms, Unit unit)
    {
        var items = Items(terms, unit);
        var plural = items.Count > 1 || terms.Any(term => term.Kind == TermKind.Range);
        return $"{unit.Name}{(plural ? "s" : "")} {List(items)}";
    }

    private static IReadOnlyList<string> Items(IReadOnlyList<Term> terms, Unit unit) =>
        terms.SelectMany(term => term.Kind == TermKind.Range
            ? [$"{term.Start} through {term.End}"]
            : term.Values(unit).Select(value => value.ToString(CultureInfo.InvariantCulture))).ToList();

    private static string FieldByField(string[] fields) => fields.Length == 0
        ? "Never: the cron expression is empty"
        : "Fires when " + List(fields.Take(FieldNames.Length).Select((field, i) => $"the {FieldNames[i]} is '{field}'").ToList());

    private static string? Join(params string?[] parts) =>
        parts.Where(part => !string.IsNullOrEmpty(part)).ToList() is { Count: > 0 } present ? string.Join(", ", present) : null;

    private static string List(IReadOnlyList<string> items) =>
        items.Count == 1 ? items[0] : string.Join(", ", items.Take(items.Count - 1)) + " and " + items[^1];

    private static string Clock(int hour) => $"{hour:00}:00";

    private static string Nth(int n) => (n % 100, n % 10) switch
    {
        (11 or 12 or 13, _) => $"{n}th",
        (_, 1) => $"{n}st",
        (_, 2) => $"{n}nd",
        (_, 3) => $"{n}rd",
        _ => $"{n}th",
    };

    private static string MonthName(int month) => CultureInfo.InvariantCulture.DateTimeFormat.GetMonthName(month);

    private static string DayName(int day) => CultureInfo.InvariantCulture.DateTimeFormat.GetDayName((DayOfWeek)(day - 1));
}
