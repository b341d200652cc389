using System.Text.Json;
using Platform.Jobs.Types;

namespace Platform.Jobs.Handlers;

/// <summary>One job type: checks the input a caller submits and runs the work.</summary>
public interface IJobHandler
{
    string Type { get; }

    /// <summary>What the type does, in a sentence for the people choosing it.</summary>
    string Description { get; }

    /// <summary>The input the type takes: its fields, limits and defaults, checked at every submit.</summary>
    InputSchema InputSchema { get; }

    /// <summary>
    /// Reads and validates <paramref name="input"/>. On success returns the input to store, with
    /// defaults filled in (so a retry runs exactly the same work); otherwise errors keyed by field
    /// path (<c>input.steps</c>).
    /// </summary>
    InputCheck Check(JsonElement? input);

    /// <summary>Runs the work on an input that passed <see cref="Check"/>; returns the job's output.</summary>
    Task<JsonElement?> RunAsync(JsonElement input, IJobContext context);
}

public sealed record InputCheck(JsonElement? Input, IReadOnlyDictionary<string, string[]> Errors)
{
    public bool IsValid => Errors.Count == 0;

    public static InputCheck Valid(JsonElement input) => new(input, new Dictionary<string, string[]>());

    public static InputCheck Invalid(IReadOnlyDictionary<string, string[]> errors) => new(null, errors);
}
