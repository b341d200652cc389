using System.Diagnostics;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Json.Schema;
using Platform.Contracts;

namespace Platform.Jobs.Types;

/// <summary>
/// A job type's input, as a JSON Schema: published to callers and to the dashboard's form, and the first check of
/// every submit, which names each failing field by its path (<c>dataset[2].x</c>) with a sentence in the platform's words.
/// </summary>
public sealed class InputSchema
{
    private static readonly EvaluationOptions ListEveryFailure = new() { OutputFormat = OutputFormat.List };
    private readonly JsonSchema _schema;
    private readonly IReadOnlyList<Regex> _patterns;
    private readonly TimeSpan _patternTimeout;

    private InputSchema(string text, JsonElement document, JsonSchema schema, TimeSpan patternTimeout) =>
        (Text, Document, _schema, _patterns, _patternTimeout) = (text, document, schema, PatternsOf(document, patternTimeout), patternTimeout);

    /// <summary>The schema as published.</summary>
    public JsonElement Document { get; }

    /// <summary>The JSON text it was read from.</summary>
    public string Text { get; }

    /// <summary>
    /// Reads a schema; a malformed one fails here, when its type is declared, not at a caller's submit. Checking an input
    /// against its patterns may take <paramref name="patternTimeout"/> (<see cref="InputSchemaLimits.PatternTimeout"/>).
    /// </summary>
    public static InputSchema Parse(string json, TimeSpan? patternTimeout = null)
    {
        using var document = JsonDocument.Parse(json);
        return new InputSchema(json, document.RootElement.Clone(), JsonSchema.FromText(WithoutFileKeywords(json)),
            patternTimeout ?? InputSchemaLimits.DefaultPatternTimeout);
    }

    // The validator knows no "x-file" and refuses keywords it does not know (a misspelt one is caught so);
    // a file field's shape is checked by FileFields instead.
    private static string WithoutFileKeywords(string json)
    {
        if (!json.Contains(FileFields.Keyword, StringComparison.Ordinal))
            return json;
        var root = JsonNode.Parse(json)!;
        Strip(root);
        return root.ToJsonString();

        static void Strip(JsonNode? node)
        {
            if (node is JsonObject obj)
            {
                obj.Remove(FileFields.Keyword);
                foreach (var (_, child) in obj)
                    Strip(child);
            }
            else if (node is JsonArray array)
                foreach (var child in array)
                    Strip(child);
        }
    }

    /// <summary>Reads a schema given at run time (configuration, an admin); null, with <paramref name="problem"/> saying why, when it is none.</summary>
    public static InputSchema? TryParse(string? json, TimeSpan patternTimeout, out string? problem)
    {
        problem = null;
        if (string.IsNullOrWhiteSpace(json))
        {
            problem = "is required.";
            return null;
        }
        try
        {
            return Parse(json, patternTimeout);
        }
        catch (Exception e) when (e is JsonException or JsonSchemaException or ArgumentException or InvalidOperationException or FormatException)
        {
            problem = $"is not a JSON Schema: {e.Message}";
            return null;
        }
    }

    /// <summary>Adds every way <paramref name="input"/> fails the schema to <paramref name="errors"/>; true when it passes.</summary>
    public bool Check(JsonElement input, FieldErrors errors)
    {
        if (StorableText.FindIn(input) is { } unstorable)
        {
            errors.Add(unstorable.Length == 0 ? Root : unstorable, StorableText.Problem);
            return false;
        }
        if (SlowPattern(input) is var (path, pattern))
        {
            errors.Add(path, $"took too long to match the pattern {pattern}; send a shorter or simpler value.");
            return false;
        }
        var results = _schema.Evaluate(input, ListEveryFailure);
        if (results.IsValid)
            return true;
        var explained = false;
        foreach (var detail in results.Details ?? [])
            foreach (var keyword in detail.Errors?.Keys ?? Enumerable.Empty<string>())
                explained |= Explain(input, detail.InstanceLocation.ToString(), keyword, errors);
        if (!explained)
            errors.Add(Root, "does not match the type's input schema.");
        return false;
    }

    // Only keywords that fail at a field are explained; applicators such as "properties" fail because a field did.
    private bool Explain(JsonElement input, string instanceLocation, string keyword, FieldErrors errors)
    {
        var (path, value, rule) = Locate(input, instanceLocation);
        if (keyword == "required")
        {
            foreach (var name in rule.GetProperty("required").EnumerateArray().Select(n => n.GetString()!))
                if (value.ValueKind == JsonValueKind.Object && !value.TryGetProperty(name, out _))
                    errors.Add(Member(path, name), "is required.");
            return true;
        }
        var message = keyword switch
        {
            "" => "is not a known field.",
            "type" => $"must be {Kind(rule)}.",
            "minimum" or "maximum" or "exclusiveMinimum" or "exclusiveMaximum" => Bounds(rule, "minimum", "maximum", ""),
            "minLength" or "maxLength" => Bounds(rule, "minLength", "maxLength", " characters"),
            "minItems" or "maxItems" => Bounds(rule, "minItems", "maxItems", " items"),
            "enum" => $"must be one of {string.Join(", ", rule.GetProperty("enum").EnumerateArray().Select(v => v.GetRawText()))}.",
            "pattern" => $"must match {rule.GetProperty("pattern").GetString()}.",
            _ => null,
        };
        if (message is null)
            return false;
        errors.Add(path, message);
        return true;
    }

    // Walks the instance and the schema together down a JSON pointer: the field's path as callers write it, its
    // value, and the rule that applies there (the schema only nests through properties, items and additionalProperties).
    private (string Path, JsonElement Value, JsonElement Rule) Locate(JsonElement input, string pointer)
    {
        var (path, value, rule) = (Root, input, Document);
        foreach (var segment in pointer.Split('/', StringSplitOptions.RemoveEmptyEntries).Select(s => s.Replace("~1", "/").Replace("~0", "~")))
        {
            if (value.ValueKind == JsonValueKind.Array && int.TryParse(segment, out var index) && index < value.GetArrayLength())
            {
                (path, value) = ($"{path}[{index}]", value[index]);
                rule = rule.TryGetProperty("items", out var items) ? items : default;
            }
            else if (value.ValueKind == JsonValueKind.Object && value.TryGetProperty(segment, out var member))
            {
                (path, value) = (Member(path, segment), member);
                rule = rule.ValueKind == JsonValueKind.Object && rule.TryGetProperty("properties", out var properties) && properties.TryGetProperty(segment, out var property)
                    ? property
                    : rule.ValueKind == JsonValueKind.Object && rule.TryGetProperty("additionalProperties", out var other) ? other : default;
            }
        }
        return (path, value, rule.ValueKind == JsonValueKind.Object ? rule : EmptyRule);
    }

    // The validator matches its patterns without a time limit, and one that backtracks catastrophically would hold the
    // request for ever. So every pattern of the schema (of "pattern" and the names of "patternProperties", wherever they
    // are) is first tried here on every text of the input, its values and its names, within one time limit: a match
    // that does not end in time names the field, and the validator then meets only matches known to end.
    private (string Path, string Pattern)? SlowPattern(JsonElement input)
    {
        if (_patterns.Count == 0)
            return null;
        var clock = Stopwatch.StartNew();
        foreach (var (path, text) in TextsOf(input, Root))
            foreach (var pattern in _patterns)
            {
                try
                {
                    pattern.IsMatch(text);
                }
                catch (RegexMatchTimeoutException)
                {
                    return (path, pattern.ToString());
                }
                if (clock.Elapsed > _patternTimeout)
                    return (path, pattern.ToString());
            }
        return null;
    }

    private static IEnumerable<(string Path, string Text)> TextsOf(JsonElement value, string path)
    {
        if (value.ValueKind == JsonValueKind.String)
            yield return (path, value.GetString()!);
        else if (value.ValueKind == JsonValueKind.Array)
        {
            var index = 0;
            foreach (var item in value.EnumerateArray())
                foreach (var text in TextsOf(item, $"{path}[{index++}]"))
                    yield return text;
        }
        else if (value.ValueKind == JsonValueKind.Object)
            foreach (var member in value.EnumerateObject())
            {
                var memberPath = Member(path, member.Name);
                yield return (memberPath, member.Name);
                foreach (var text in TextsOf(member.Value, memberPath))
                    yield return text;
            }
    }

    // A string under "pattern" that is data rather than a keyword (inside an "enum", say) may not read as a regex; it is
    // never matched, so it is left out. Each gets the whole time limit: the limit of all of them together is kept by the clock.
    private static IReadOnlyList<Regex> PatternsOf(JsonElement schema, TimeSpan timeout)
    {
        var patterns = new HashSet<string>(StringComparer.Ordinal);
        Collect(schema);
        return patterns.Select(pattern => Compile(pattern, timeout)).OfType<Regex>().ToList();

        void Collect(JsonElement node)
        {
            if (node.ValueKind == JsonValueKind.Array)
                foreach (var item in node.EnumerateArray())
                    Collect(item);
            if (node.ValueKind != JsonValueKind.Object)
                return;
            foreach (var member in node.EnumerateObject())
            {
                if (member.Name == "pattern" && member.Value.ValueKind == JsonValueKind.String)
                    patterns.Add(member.Value.GetString()!);
                else if (member.Name == "patternProperties" && member.Value.ValueKind == JsonValueKind.Object)
                    patterns.UnionWith(member.Value.EnumerateObject().Select(property => property.Name));
                Collect(member.Value);
            }
        }
    }

    // As the validator reads a pattern: ECMAScript's syntax, or .NET's where ECMAScript's refuses it.
    private static Regex? Compile(string pattern, TimeSpan timeout)
    {
        foreach (var options in new[] { RegexOptions.ECMAScript, RegexOptions.None })
        {
            try
            {
                return new Regex(pattern, options, timeout);
            }
            catch (ArgumentException)
            {
            }
        }
        return null;
    }

    private const string Root = "input";
    private static readonly JsonElement EmptyRule = JsonDocument.Parse("{}").RootElement;

    private static string Member(string path, string name) => path == Root ? name : $"{path}.{name}";

    private static string Kind(JsonElement rule) => rule.TryGetProperty("type", out var type) && type.ValueKind == JsonValueKind.String
        ? type.GetString() switch
        {
            "string" => "text",
            "integer" => "a whole number",
            "number" => "a number",
            "boolean" => "true or false",
            "array" => "a list",
            "object" => "an object",
            var other => $"of type {other}",
        }
        : "of another type";

    // Whatever bounds the rule has, in one sentence: "between 1 and 200", "at most 500 characters", "above 0 and at most 10".
    private static string Bounds(JsonElement rule, string least, string most, string unit)
    {
        string? Read(string keyword) => rule.TryGetProperty(keyword, out var bound) ? bound.GetRawText() : null;
        var (min, max, above, below) = (Read(least), Read(most), Read("exclusiveMinimum"), Read("exclusiveMaximum"));
        if (min is not null && max is not null)
            return $"must be between {min} and {max}{unit}.";
        var low = min is not null ? $"at least {min}" : above is not null ? $"above {above}" : null;
        var high = max is not null ? $"at most {max}" : below is not null ? $"below {below}" : null;
        return $"must be {string.Join(" and ", new[] { low, high }.OfType<string>())}{unit}.";
    }
}
