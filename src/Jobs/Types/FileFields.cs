using System.Text.Json;

namespace Platform.Jobs.Types;

/// <summary>A field of a job's input that names an uploaded file, where it is and what types of file it takes.</summary>
public sealed record FileField(string Path, JsonElement Value, IReadOnlyList<string> Accept);

/// <summary>
/// How an input schema asks for a file: a field whose schema carries <c>"x-file": {"accept": ["text/csv", "image/*"]}</c>
/// (without <c>accept</c>, any type), and whose value is <c>{"file": "&lt;id&gt;"}</c>.
/// </summary>
public static class FileFields
{
    public const string Keyword = "x-file";

    private static readonly string[] AnyType = ["*/*"];

    /// <summary>Every value of <paramref name="input"/> in a place the schema asks for a file, with its path as errors name it.</summary>
    public static IReadOnlyList<FileField> In(JsonElement schema, JsonElement input)
    {
        var found = new List<FileField>();
        Walk(schema, input, "", found);
        return found;
    }

    /// <summary>Whether the schema asks for a file anywhere, so inputs of other types are not walked.</summary>
    public static bool AskedFor(JsonElement schema) => schema.GetRawText().Contains($"\"{Keyword}\"", StringComparison.Ordinal);

    /// <summary>The id a file field's value names, or null when it is not <c>{"file": "&lt;id&gt;"}</c>.</summary>
    public static Guid? IdOf(JsonElement value) =>
        value.ValueKind == JsonValueKind.Object && value.TryGetProperty("file", out var file) && file.ValueKind == JsonValueKind.String
        && Guid.TryParse(file.GetString(), out var id) ? id : null;

    private static void Walk(JsonElement schema, JsonElement value, string path, List<FileField> found)
    {
        if (schema.ValueKind != JsonValueKind.Object)
            return;
        if (schema.TryGetProperty(Keyword, out var file))
        {
            found.Add(new FileField(path, value, AcceptOf(file)));
            return;
        }
        if (value.ValueKind == JsonValueKind.Object)
            foreach (var member in value.EnumerateObject())
            {
                var rule = schema.TryGetProperty("properties", out var properties) && properties.TryGetProperty(member.Name, out var property)
                    ? property
                    : schema.TryGetProperty("additionalProperties", out var other) ? other : default;
                Walk(rule, member.Value, path.Length == 0 ? member.Name : $"{path}.{member.Name}", found);
            }
        else if (value.ValueKind == JsonValueKind.Array && schema.TryGetProperty("items", out var items))
        {
            var index = 0;
            foreach (var item in value.EnumerateArray())
                Walk(items, item, $"{path}[{index++}]", found);
        }
    }

    private static IReadOnlyList<string> AcceptOf(JsonElement file) =>
        file.ValueKind == JsonValueKind.Object && file.TryGetProperty("accept", out var accept) && accept.ValueKind == JsonValueKind.Array
            ? accept.EnumerateArray().Where(t => t.ValueKind == JsonValueKind.String).Select(t => t.GetString()!).ToList()
            : AnyType;
}
