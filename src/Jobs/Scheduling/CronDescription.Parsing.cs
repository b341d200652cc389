using System.Globalization;

namespace Platform.Jobs.Scheduling;

// How a cron's fields are read into the terms the description speaks of; what it cannot read is described field by field.
public static partial class CronDescription
{
    private static readonly Unit Second = new("second", 0, 59);
    private static readonly Unit Minute = new("minute", 0, 59);
    private static readonly Unit Hour = new("hour", 0, 23);
    private static readonly Unit Day = new("day", 1, 31);
    private static readonly Unit Month = new("month", 1, 12, ["JAN", "FEB", "MAR", "APR", "MAY", "JUN", "JUL", "AUG", "SEP", "OCT", "NOV", "DEC"]);
    private static readonly Unit Weekday = new("day of the week", 1, 7, ["SUN", "MON", "TUE", "WED", "THU", "FRI", "SAT"]);
    private static readonly Unit Year = new("year", 1970, 2199);

    private static bool TryParse(string[] fields, out Field[] parsed)
    {
        Unit[] units = [Second, Minute, Hour, Day, Month, Weekday, Year];
        parsed = new Field[fields.Length];
        for (var i = 0; i < fields.Length; i++)
        {
            var terms = fields[i].Split(',').Select(term => Term.Parse(term, units[i], dayField: i is 3 or 5)).ToList();
            if (terms.Any(term => term is null))
                return false;
            parsed[i] = new Field(terms!, fields[i]);
        }
        return true;
    }

    private sealed record Unit(string Name, int Min, int Max, string[]? Names = null)
    {
        public int? Number(string text) =>
            int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var n) ? (n >= Min && n <= Max ? n : null)
            : Names is not null && Array.IndexOf(Names, text) is >= 0 and var index ? Min + index
            : null;
    }

    private enum TermKind
    {
        All,
        Value,
        Range,
        Step,
        Last,
        LastWeekday,
        NearestWeekday,
        LastOfWeek,
        NthOfWeek,
    }

    // One comma-separated part of a field. Start and End are values of the field; Step is the increment of a step,
    // the offset of L-n in Start, and the n of d#n in Step.
    private sealed record Term(TermKind Kind, int Start = 0, int? End = null, int Step = 1)
    {
        public bool IsPlain => Kind is TermKind.Value or TermKind.Range or TermKind.Step;

        // The values a plain term turns on, in firing order; a range may wrap (22-2 is 22, 23, 0, 1, 2), a step stops at the end.
        public IReadOnlyList<int> Values(Unit unit)
        {
            if (Kind == TermKind.Value)
                return [Start];
            var span = unit.Max - unit.Min + 1;
            var end = End ?? unit.Max;
            var distance = end >= Start ? end - Start : end - Start + span;
            return Enumerable.Range(0, distance / Step + 1).Select(i => unit.Min + (Start - unit.Min + i * Step) % span).ToList();
        }

        public static Term? Parse(string text, Unit unit, bool dayField)
        {
            if (text == "*" || (dayField && text == "?"))
                return new Term(TermKind.All);
            if (unit == Day)
            {
                if (text == "L")
                    return new Term(TermKind.Last);
                if (text == "LW")
                    return new Term(TermKind.LastWeekday);
                if (text.StartsWith("L-", StringComparison.Ordinal))
                    return int.TryParse(text[2..], NumberStyles.None, CultureInfo.InvariantCulture, out var offset) && offset <= 30
                        ? new Term(TermKind.Last, offset)
                        : null;
                if (text.EndsWith('W'))
                    return unit.Number(text[..^1]) is { } day ? new Term(TermKind.NearestWeekday, day) : null;
            }
            if (unit == Weekday)
            {
                if (text == "L")
                    return new Term(TermKind.Value, unit.Max);
                if (text.EndsWith('L'))
                    return unit.Number(text[..^1]) is { } day ? new Term(TermKind.LastOfWeek, day) : null;
                if (text.Split('#') is [var weekday, var nth])
                    return unit.Number(weekday) is { } d && int.TryParse(nth, NumberStyles.None, CultureInfo.InvariantCulture, out var n) && n is >= 1 and <= 5
                        ? new Term(TermKind.NthOfWeek, d, Step: n)
                        : null;
            }
            if (text.Split('/') is [var from, var increment])
            {
                if (!int.TryParse(increment, NumberStyles.None, CultureInfo.InvariantCulture, out var step) || step < 1)
                    return null;
                // A named day of the week before '/' means something else to Quartz (every nth week): not described here.
                if (unit == Weekday && from.Any(char.IsLetter))
                    return null;
                var range = from is "*" or "" ? new Term(TermKind.Range, unit.Min, unit.Max) : Parse(from, unit, dayField: false);
                return range is { Kind: TermKind.Value or TermKind.Range }
                    ? new Term(TermKind.Step, range.Start, range.Kind == TermKind.Range && from is not ("*" or "") ? range.End : null, step)
                    : null;
            }
            if (text.Split('-') is [var first, var last])
                return unit.Number(first) is { } a && unit.Number(last) is { } b ? new Term(TermKind.Range, a, b) : null;
            return unit.Number(text) is { } value ? new Term(TermKind.Value, value) : null;
        }
    }

    private sealed record Field(IReadOnlyList<Term> Terms, string Text)
    {
        public bool IsAll => Terms.Any(term => term.Kind == TermKind.All);

        public bool IsPlain => Terms.All(term => term.IsPlain);

        public bool Is(int value) => Terms is [{ Kind: TermKind.Value } term] && term.Start == value;

        public IReadOnlyList<int> Values(Unit unit) =>
            IsAll ? Enumerable.Range(unit.Min, unit.Max - unit.Min + 1).ToList() : Terms.SelectMany(term => term.Values(unit)).Distinct().Order().ToList();
    }
}
