using System.Text.Json;
using System.Text.Json.Nodes;
using Platform.Contracts;
using Platform.Contracts.Jobs;
using Platform.Jobs.Handlers;

namespace Platform.Jobs.Types;

/// <summary>
/// Every job type callers may submit: the built-in ones (a handler in the host) and the remote ones declared in
/// <c>Jobs:RemoteTypes</c> (run by workers outside the hosts), each with its input schema and the limits of a run.
/// </summary>
public sealed class JobTypeCatalog
{
    private readonly JobsOptions _options;
    private readonly Dictionary<string, JobType> _byName = new(StringComparer.Ordinal);

    public JobTypeCatalog(JobHandlers handlers, JobsOptions options)
    {
        _options = options;
        foreach (var handler in handlers.All)
            _byName[handler.Type] = new JobType(handler.Type, handler.Description, JobTypeRuns.BuiltIn, handler.InputSchema, handler);
        foreach (var (name, remote) in options.RemoteTypes)
        {
            if (_byName.ContainsKey(name))
                throw new InvalidOperationException($"Jobs:RemoteTypes:{name} names a built-in job type.");
            if (!IsValidName(name))
                throw new InvalidOperationException($"Jobs:RemoteTypes:{name}: a type's name is 1 to 64 of a-z, 0-9, '-' and '_'.");
            _byName[name] = new JobType(name, remote.Description ?? "", JobTypeRuns.Remote, ParseSchema(name, remote.InputSchema), Handler: null);
        }
    }

    /// <summary>The types the hosts run themselves; every other type waits for a worker.</summary>
    public IReadOnlyList<string> BuiltIn => _byName.Values.Where(type => type.Handler is not null).Select(type => type.Name).ToList();

    public IReadOnlyList<JobTypeInfo> List() => _byName.Values.OrderBy(type => type.Name, StringComparer.Ordinal).Select(Describe).ToList();

    public JobTypeInfo? Find(string name) => _byName.TryGetValue(name, out var type) ? Describe(type) : null;

    public bool IsRemote(string name) => _byName.TryGetValue(name, out var type) && type.Runs == JobTypeRuns.Remote;

    /// <summary>
    /// The input to store for a submit of <paramref name="name"/>, or why it cannot be taken; null for an unknown type.
    /// A built-in type's handler checks and completes it; a remote type's input is held to its schema and gets the
    /// schema's top-level defaults, so a worker receives every field.
    /// </summary>
    public InputCheck? Check(string name, JsonElement? input)
    {
        if (!_byName.TryGetValue(name, out var type))
            return null;
        if (type.Handler is { } handler)
            return handler.Check(input);
        var errors = new FieldErrors(under: "input");
        if (input is not { ValueKind: not (JsonValueKind.Null or JsonValueKind.Undefined) } given)
        {
            errors.Add("input", "is required.");
            return InputCheck.Invalid(errors.ToDictionary());
        }
        return type.Schema.Check(given, errors) ? InputCheck.Valid(WithDefaults(given, type.Schema.Document)) : InputCheck.Invalid(errors.ToDictionary());
    }

    public IReadOnlyCollection<string> Names => _byName.Keys;

    private JobTypeInfo Describe(JobType type) => new(
        type.Name, type.Description, type.Runs, type.Schema.Document,
        _options.MaxAttemptsOf(type.Name),
        _options.TimeoutOf(type.Name) is { } timeout ? (int)Math.Ceiling(timeout.TotalSeconds) : null,
        _options.Types.TryGetValue(type.Name, out var typed) ? typed.Concurrency : null);

    private static JsonElement WithDefaults(JsonElement input, JsonElement schema)
    {
        if (input.ValueKind != JsonValueKind.Object || !schema.TryGetProperty("properties", out var properties))
            return input;
        var completed = JsonNode.Parse(input.GetRawText())!.AsObject();
        foreach (var field in properties.EnumerateObject())
            if (!completed.ContainsKey(field.Name) && field.Value.TryGetProperty("default", out var fallback))
                completed[field.Name] = JsonNode.Parse(fallback.GetRawText());
        return JsonSerializer.SerializeToElement(completed);
    }

    private static InputSchema ParseSchema(string name, string? json)
    {
        try
        {
            return InputSchema.Parse(json ?? throw new InvalidOperationException("it is missing"));
        }
        catch (Exception e) when (e is JsonException or InvalidOperationException or ArgumentException)
        {
            throw new InvalidOperationException($"Jobs:RemoteTypes:{name}:InputSchema is not a JSON Schema: {e.Message}", e);
        }
    }

    private static bool IsValidName(string name) => name.Length is > 0 and <= 64 && name.All(c => c is (>= 'a' and <= 'z') or (>= '0' and <= '9') or '-' or '_');

    private sealed record JobType(string Name, string Description, JobTypeRuns Runs, InputSchema Schema, IJobHandler? Handler);
}
