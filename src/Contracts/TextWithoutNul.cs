using System.Runtime.InteropServices;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace Platform.Contracts;

/// <summary>
/// Reads JSON strings, refusing a NUL character: PostgreSQL cannot store one in text or JSON, so a string that
/// carries one is refused where it is read, naming its field, rather than failing where it is stored.
/// </summary>
public sealed class TextWithoutNul : JsonConverter<string>
{
    public const string Problem = "must not contain a NUL character (\\u0000).";

    public override string? Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
    {
        var text = reader.GetString();
        return text is not null && text.Contains('\0') ? throw new JsonException(Problem) : text;
    }

    public override void Write(Utf8JsonWriter writer, string value, JsonSerializerOptions options) => writer.WriteStringValue(value);

    /// <summary>The first place in <paramref name="element"/> where a string or a property name holds a NUL, as a path (<c>dataset[2].x</c>, empty for the element itself); null when none does.</summary>
    public static string? FindIn(JsonElement element)
    {
        // Paths are built only on the way back from a find: the inputs that pass, nearly all of them, allocate nothing.
        switch (element.ValueKind)
        {
            case JsonValueKind.String:
                // A NUL can only come escaped; a string without a backslash is read no further.
                return JsonMarshal.GetRawUtf8Value(element).IndexOf((byte)'\\') >= 0 && element.GetString()!.Contains('\0') ? "" : null;
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
                    // A name with a NUL is reported at the object that holds it.
                    if (member.Name.Contains('\0'))
                        return "";
                    if (FindIn(member.Value) is { } inner)
                        return inner.Length == 0 ? member.Name : inner[0] == '[' ? member.Name + inner : $"{member.Name}.{inner}";
                }
                return null;
            default:
                return null;
        }
    }
}
