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
    public static string? FindIn(JsonElement element, string path = "")
    {
        switch (element.ValueKind)
        {
            case JsonValueKind.String:
                return element.GetString()!.Contains('\0') ? path : null;
            case JsonValueKind.Array:
                var index = 0;
                foreach (var item in element.EnumerateArray())
                    if (FindIn(item, $"{path}[{index++}]") is { } found)
                        return found;
                return null;
            case JsonValueKind.Object:
                foreach (var member in element.EnumerateObject())
                {
                    // A name with a NUL is reported at the object that holds it.
                    if (member.Name.Contains('\0'))
                        return path;
                    if (FindIn(member.Value, path.Length == 0 ? member.Name : $"{path}.{member.Name}") is { } found)
                        return found;
                }
                return null;
            default:
                return null;
        }
    }
}
