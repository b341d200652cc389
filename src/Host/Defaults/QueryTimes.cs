using System.Globalization;

namespace Platform.Host.Defaults;

/// <summary>Times in a query string, read by hand rather than bound, so that a malformed one is named in the problem like any other field.</summary>
public static class QueryTimes
{
    /// <summary>False when <paramref name="text"/> is given but no date and time; a time without an offset is UTC.</summary>
    public static bool TryParse(string? text, out DateTimeOffset? time)
    {
        time = null;
        if (string.IsNullOrEmpty(text))
            return true;
        if (!DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var parsed))
            return false;
        time = parsed;
        return true;
    }
}
