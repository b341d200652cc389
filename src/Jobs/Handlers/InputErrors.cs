namespace Platform.Jobs.Handlers;

/// <summary>Validation errors keyed by the field's path in the submit body (<c>input.width</c>).</summary>
public sealed class InputErrors
{
    private readonly Dictionary<string, List<string>> _errors = new(StringComparer.Ordinal);

    public bool Any => _errors.Count > 0;

    /// <param name="field">A field of the input, e.g. <c>steps</c>, or <c>input</c> for the whole.</param>
    public void Add(string field, string message)
    {
        var key = field == "input" || field.StartsWith("input.", StringComparison.Ordinal) ? field : $"input.{field}";
        if (!_errors.TryGetValue(key, out var messages))
            _errors[key] = messages = [];
        messages.Add(message);
    }

    /// <summary>Adds an error when <paramref name="value"/> lies outside [min, max].</summary>
    public void Range<T>(string field, T value, T min, T max) where T : IComparable<T>
    {
        if (value.CompareTo(min) < 0 || value.CompareTo(max) > 0)
            Add(field, $"must be between {min} and {max}.");
    }

    public IReadOnlyDictionary<string, string[]> ToDictionary() =>
        _errors.ToDictionary(e => e.Key, e => e.Value.ToArray(), StringComparer.Ordinal);

    /// <summary>Turns a System.Text.Json path such as <c>$.steps</c> or <c>$.dataset[2].x</c> into <c>steps</c> / <c>dataset[2].x</c>.</summary>
    public static string FieldOf(string? jsonPath)
    {
        if (string.IsNullOrEmpty(jsonPath) || jsonPath == "$")
            return "input";
        var path = jsonPath.StartsWith("$.", StringComparison.Ordinal) ? jsonPath[2..] : jsonPath.TrimStart('$');
        return path.Length == 0 ? "input" : path;
    }
}
