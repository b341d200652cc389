namespace Platform.Contracts;

/// <summary>
/// Validation errors keyed by the path of the request field they are about (<c>input.steps</c>, <c>jobs[2].type</c>):
/// the <c>errors</c> of a 400 problem. Every check that refuses a request collects its reasons here.
/// </summary>
/// <param name="under">A field every error is inside, e.g. <c>input</c>: <c>steps</c> is then reported as <c>input.steps</c>.</param>
public sealed class FieldErrors(string? under = null)
{
    private readonly Dictionary<string, List<string>> _errors = new(StringComparer.Ordinal);

    public static IReadOnlyDictionary<string, string[]> None { get; } = new Dictionary<string, string[]>();

    public bool Any => _errors.Count > 0;

    public void Add(string field, string message)
    {
        var path = PathOf(field);
        if (!_errors.TryGetValue(path, out var messages))
            _errors[path] = messages = [];
        if (!messages.Contains(message))
            messages.Add(message);
    }

    /// <summary>Adds another check's errors, each under <paramref name="field"/> (<c>jobs[2]</c> makes <c>type</c> <c>jobs[2].type</c>).</summary>
    public void AddAll(IReadOnlyDictionary<string, string[]> errors, string? field = null)
    {
        foreach (var (inner, messages) in errors)
            foreach (var message in messages)
                Add(field is null ? inner : $"{field}.{inner}", message);
    }

    /// <summary>Adds "is required." when <paramref name="value"/> is null or blank; true when it is there.</summary>
    public bool Required(string field, string? value)
    {
        if (!string.IsNullOrWhiteSpace(value))
            return true;
        Add(field, "is required.");
        return false;
    }

    public void MaxLength(string field, string? value, int max)
    {
        if (value is not null && value.Length > max)
            Add(field, $"must be at most {max} characters.");
    }

    /// <summary>Adds an error when <paramref name="value"/> lies outside [min, max].</summary>
    public void Range<T>(string field, T value, T min, T max) where T : IComparable<T>
    {
        if (value.CompareTo(min) < 0 || value.CompareTo(max) > 0)
            Add(field, $"must be between {min} and {max}.");
    }

    public IReadOnlyDictionary<string, string[]> ToDictionary() =>
        _errors.ToDictionary(e => e.Key, e => e.Value.ToArray(), StringComparer.Ordinal);

    private string PathOf(string field) =>
        under is null || field == under || field.StartsWith(under + ".", StringComparison.Ordinal) || field.StartsWith(under + "[", StringComparison.Ordinal)
            ? field
            : $"{under}.{field}";
}
