using System.Text.Json;
using System.Text.Json.Nodes;
using Platform.Contracts;
using Platform.Contracts.Credits;
using Platform.Contracts.Jobs;
using Microsoft.Extensions.Options;
using Platform.Jobs.Credits;
using Platform.Jobs.Handlers;

namespace Platform.Jobs.Types;

/// <summary>
/// Every job type callers may submit: the built-in ones (a handler in the host), the remote ones configured under
/// <c>Jobs:RemoteTypes</c> and those admins declared (<see cref="DeclaredJobTypes"/>), each with its input schema and the
/// limits of a run. Remote types are run by workers outside the hosts.
/// </summary>
public sealed class JobTypeCatalog
{
    private readonly JobsOptions _options;
    private readonly CreditsOptions _credits;
    private readonly InputSchemaLimits _schemaLimits;
    private readonly Dictionary<string, JobType> _fixed = new(StringComparer.Ordinal);
    // Replaced whole on each reload, so a reader sees one consistent set.
    private volatile Dictionary<string, JobType> _all;

    public JobTypeCatalog(JobHandlers handlers, JobsOptions options, CreditsOptions credits, IOptions<InputSchemaLimits> schemaLimits)
    {
        (_options, _credits, _schemaLimits) = (options, credits, schemaLimits.Value);
        foreach (var handler in handlers.All)
            _fixed[handler.Type] = Configured(handler.Type, handler.Description, JobTypeRuns.BuiltIn, handler.InputSchema, handler);
        foreach (var (name, remote) in options.RemoteTypes)
        {
            if (_fixed.ContainsKey(name))
                throw new InvalidOperationException($"Jobs:RemoteTypes:{name} names a built-in job type.");
            if (!IsValidName(name))
                throw new InvalidOperationException($"Jobs:RemoteTypes:{name}: a type's name is 1 to 64 of a-z, 0-9, '-' and '_'.");
            var schema = InputSchema.TryParse(remote.InputSchema, _schemaLimits.PatternTimeout, out var problem)
                ?? throw new InvalidOperationException($"Jobs:RemoteTypes:{name}:InputSchema {problem}");
            _fixed[name] = Configured(name, remote.Description ?? "", JobTypeRuns.Remote, schema, handler: null);
        }
        _all = new Dictionary<string, JobType>(_fixed, StringComparer.Ordinal);
    }

    /// <summary>The types the hosts run themselves; every other type waits for a worker.</summary>
    public IReadOnlyList<string> BuiltIn => _fixed.Values.Where(type => type.Handler is not null).Select(type => type.Name).ToList();

    public IReadOnlyCollection<string> Names => _all.Keys;

    public IReadOnlyList<JobTypeInfo> List() => _all.Values.OrderBy(type => type.Name, StringComparer.Ordinal).Select(Describe).ToList();

    public JobTypeInfo? Find(string name) => _all.TryGetValue(name, out var type) ? Describe(type) : null;

    /// <summary>The type's input schema as published, or null for an unknown type.</summary>
    public JsonElement? SchemaOf(string name) => _all.TryGetValue(name, out var type) ? type.Schema.Document : null;

    public bool IsRemote(string name) => _all.TryGetValue(name, out var type) && type.Runs == JobTypeRuns.Remote;

    /// <summary>Built in or configured: not for admins to declare over the API.</summary>
    public bool IsFixed(string name) => _fixed.ContainsKey(name);

    public int MaxAttemptsOf(string name) => _all.TryGetValue(name, out var type) && type.MaxAttempts is { } max ? max : _options.MaxAttempts;

    public TimeSpan? TimeoutOf(string name) => _all.TryGetValue(name, out var type) ? type.Timeout : null;

    /// <summary>What a run of the type costs now; null for a free type, an unknown one, or any type while metering is off.</summary>
    public JobPrice? PriceOf(string name) => _all.TryGetValue(name, out var type) ? type.Price : null;

    /// <summary>How many jobs of the type may run at once: per host for a built-in type, across all workers for a remote one.</summary>
    public int? ConcurrencyOf(string name) => _all.TryGetValue(name, out var type) ? type.Concurrency : null;

    /// <summary>
    /// The input to store for a submit of <paramref name="name"/>, or why it cannot be taken; null for an unknown type.
    /// A built-in type's handler checks and completes it; a remote type's input is held to its schema and gets the
    /// schema's top-level defaults, so a worker receives every field.
    /// </summary>
    public InputCheck? Check(string name, JsonElement? input)
    {
        if (!_all.TryGetValue(name, out var type))
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

    /// <summary>
    /// Takes the declared types as stored now; one whose name a fixed type took, or whose schema does not read, is passed
    /// over. A schema unchanged since the last reload is not read again.
    /// </summary>
    public void UseDeclared(IReadOnlyList<DeclaredJobType> declared)
    {
        var known = _all;
        var all = new Dictionary<string, JobType>(_fixed, StringComparer.Ordinal);
        foreach (var type in declared.Where(type => !_fixed.ContainsKey(type.Id)))
        {
            var schema = known.TryGetValue(type.Id, out var before) && before.Schema.Text == type.InputSchema
                ? before.Schema
                : InputSchema.TryParse(type.InputSchema, _schemaLimits.PatternTimeout, out _);
            if (schema is not null)
                all[type.Id] = new JobType(type.Id, type.Description, JobTypeRuns.Remote, schema, Handler: null, type.MaxAttempts,
                    type.TimeoutSeconds is { } seconds ? TimeSpan.FromSeconds(seconds) : _options.DefaultTimeout, type.Concurrency, Metered(type.Price));
        }
        _all = all;
    }

    public static bool IsValidName(string name) =>
        name.Length is > 0 and <= 64 && name.All(c => c is (>= 'a' and <= 'z') or (>= '0' and <= '9') or '-' or '_');

    private JobType Configured(string name, string description, JobTypeRuns runs, InputSchema schema, IJobHandler? handler)
    {
        var typed = _options.Types.GetValueOrDefault(name);
        return new(name, description, runs, schema, handler, typed?.MaxAttempts, _options.TimeoutOf(name), typed?.Concurrency,
            Metered(_credits.Prices.GetValueOrDefault(name)));
    }

    private JobPrice? Metered(JobPrice? price) => _credits.Metering ? JobCosts.Effective(price) : null;

    private JobTypeInfo Describe(JobType type) => new(
        type.Name, type.Description, type.Runs, type.Schema.Document, type.MaxAttempts ?? _options.MaxAttempts,
        type.Timeout is { } timeout ? (int)Math.Ceiling(timeout.TotalSeconds) : null, type.Concurrency, type.Price);

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

    private sealed record JobType(
        string Name, string Description, JobTypeRuns Runs, InputSchema Schema, IJobHandler? Handler, int? MaxAttempts, TimeSpan? Timeout, int? Concurrency,
        JobPrice? Price);
}
