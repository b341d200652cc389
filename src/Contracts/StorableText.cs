using System.Runtime.InteropServices;
using System.Text.Json;

namespace Platform.Contracts;

/// <summary>
/// What any text the platform takes must be: free of NUL characters and of unpaired surrogates. PostgreSQL can store
/// neither in text or JSON, and an unpaired surrogate cannot be written as UTF-8 at all, so such text is refused where
/// it arrives, naming its field, rather than failing where it is stored or sent on.
/// </summary>
public static class StorableText
{
    public const string Problem = "must not contain a NUL character (\\u0000) or an unpaired surrogate (\\ud800 to \\udfff).";

    /// <summary>What a name, a type or a header's value must be besides: one line, without control characters.</summary>
    public const string LineProblem = "must not contain control characters (\\u0000 to \\u001f, \\u007f), NUL characters or unpaired surrogates.";

    public static bool Allows(ReadOnlySpan<char> text)
    {
        if (text.Contains('\0'))
            return false;
        // Nearly all text holds no surrogate at all: one vectorized search decides it.
        var at = text.IndexOfAnyInRange('\ud800', '\udfff');
        if (at < 0)
            return true;
        for (var i = at; i < text.Length; i++)
        {
            if (!char.IsSurrogate(text[i]))
                continue;
            if (!char.IsHighSurrogate(text[i]) || i + 1 == text.Length || !char.IsLowSurrogate(text[i + 1]))
                return false;
            i++;
        }
        return true;
    }

    /// <summary>Text that is storable and one line without control characters: no C0 character (tab included) and no DEL.</summary>
    public static bool AllowsAsLine(ReadOnlySpan<char> text) =>
        text.IndexOfAnyInRange('\0', '\u001f') < 0 && !text.Contains('\u007f') && Allows(text);

    /// <summary>The first place in <paramref name="element"/> where a string or a property name is not storable, as a path (<c>dataset[2].x</c>, empty for the element itself); null when none.</summary>
    public static string? FindIn(JsonElement element)
    {
        // Paths are built only on the way back from a find: the inputs that pass, nearly all of them, allocate nothing.
        switch (element.ValueKind)
        {
            case JsonValueKind.String:
                // A NUL or an unpaired surrogate can only come escaped; a string without a backslash is read no further.
                return JsonMarshal.GetRawUtf8Value(element).IndexOf((byte)'\\') >= 0 && !Readable(element) ? "" : null;
            case JsonValueKind.Array:
                var index = 0;
                foreach (var item in element.EnumerateArray())
                {
                    if (FindIn(item) is { } inner)
                        return $"[{index}]{(inner.Length == 0 || inner[0] == '[' ? inner : "." + inner)}";
                    index++;
                }
                return null;
            case JsonValueKind.Object:
                foreach (var member in element.EnumerateObject())
                {
                    // A name that is not storable is reported at the object that holds it.
                    if (!ReadableName(member))
                        return "";
                    if (FindIn(member.Value) is { } inner)
                        return inner.Length == 0 ? member.Name : inner[0] == '[' ? member.Name + inner : $"{member.Name}.{inner}";
                }
                return null;
            default:
                return null;
        }
    }

    // System.Text.Json refuses to read an escaped unpaired surrogate as a string at all.
    private static bool Readable(JsonElement text)
    {
        try
        {
            return Allows(text.GetString());
        }
        catch (InvalidOperationException)
        {
            return false;
        }
    }

    private static bool ReadableName(JsonProperty member)
    {
        try
        {
            return Allows(member.Name);
        }
        catch (InvalidOperationException)
        {
            return false;
        }
    }
}
