using System.Text.Json;
using System.Text.Json.Serialization;
using Platform.Contracts;
using Platform.Jobs.Types;

namespace Platform.Jobs.Handlers;

/// <summary>
/// Base for handlers with a typed input record: the type's <see cref="InputSchema"/> first, then JSON binding, then
/// <see cref="Validate"/> for what a schema cannot say (defaults drawn at random, rules across fields), then
/// <see cref="RunAsync(TInput, IJobContext)"/>.
/// </summary>
public abstract class JobHandler<TInput, TOutput> : IJobHandler where TInput : class
{
    protected static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web)
    {
        UnmappedMemberHandling = JsonUnmappedMemberHandling.Disallow,
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    };

    public abstract string Type { get; }

    public abstract string Description { get; }

    public abstract InputSchema InputSchema { get; }

    /// <summary>Fills defaults (e.g. a random seed) and adds an error per wrong field the schema let through.</summary>
    protected abstract TInput Validate(TInput input, FieldErrors errors);

    protected abstract Task<TOutput> RunAsync(TInput input, IJobContext context);

    public InputCheck Check(JsonElement? input)
    {
        var errors = new FieldErrors(under: "input");
        if (input is null || input.Value.ValueKind is JsonValueKind.Null or JsonValueKind.Undefined)
        {
            errors.Add("input", "is required.");
            return InputCheck.Invalid(errors.ToDictionary());
        }
        if (!InputSchema.Check(input.Value, errors))
            return InputCheck.Invalid(errors.ToDictionary());

        TInput? typed;
        try
        {
            typed = input.Value.Deserialize<TInput>(Json);
        }
        catch (JsonException e)
        {
            errors.Add(FieldOf(e.Path), BindingMessage(e));
            return InputCheck.Invalid(errors.ToDictionary());
        }
        if (typed is null)
        {
            errors.Add("input", "is required.");
            return InputCheck.Invalid(errors.ToDictionary());
        }

        var normalized = Validate(typed, errors);
        return errors.Any
            ? InputCheck.Invalid(errors.ToDictionary())
            : InputCheck.Valid(JsonSerializer.SerializeToElement(normalized, Json));
    }

    public async Task<JsonElement?> RunAsync(JsonElement input, IJobContext context)
    {
        var typed = input.Deserialize<TInput>(Json)
            ?? throw new InvalidOperationException($"Stored input of {Type} job {context.JobId} is empty.");
        var output = await RunAsync(typed, context);
        return output is null ? null : JsonSerializer.SerializeToElement(output, Json);
    }

    // A System.Text.Json path such as $.steps or $.dataset[2].x, as the input's field: steps, dataset[2].x.
    private static string FieldOf(string? jsonPath)
    {
        var path = jsonPath is null ? "" : jsonPath.StartsWith("$.", StringComparison.Ordinal) ? jsonPath[2..] : jsonPath.TrimStart('$');
        return path.Length == 0 ? "input" : path;
    }

    private static string BindingMessage(JsonException e) =>
        e.Message.Contains("could not be mapped", StringComparison.Ordinal) ? "is not a known field."
        : e.Message.Contains("missing required properties", StringComparison.Ordinal) ? "is missing a required field."
        : "has the wrong type or format.";
}
