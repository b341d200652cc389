using System.Text;
using System.Text.Json;
using Platform.Storage.Settings;

namespace Platform.Jobs.Types;

/// <summary>The <c>Jobs:InputSchemas</c> section: what a declared type's input schema may be, and how long its patterns may take.</summary>
public sealed class InputSchemaLimits
{
    public const string Section = "Jobs:InputSchemas";

    public static readonly TimeSpan DefaultPatternTimeout = TimeSpan.FromMilliseconds(100);

    /// <summary>The largest schema an admin may declare, in bytes of its JSON.</summary>
    public int MaxBytes { get; set; } = 64 * 1024;

    /// <summary>How deeply a declared schema's objects and arrays may nest (a request body nests at most 32 deep in any case).</summary>
    public int MaxDepth { get; set; } = 20;

    /// <summary>How long one submit's input may take to be matched against its type's patterns, all of them together.</summary>
    public TimeSpan PatternTimeout { get; set; } = DefaultPatternTimeout;

    public static void Rules(SettingsRules<InputSchemaLimits> rules) => rules
        .Positive(o => o.MaxBytes)
        .Positive(o => o.MaxDepth)
        .Positive(o => o.PatternTimeout);

    /// <summary>Why <paramref name="schema"/> may not be declared, or null when it may.</summary>
    public string? Problem(JsonElement schema, string text) =>
        Encoding.UTF8.GetByteCount(text) > MaxBytes ? $"must be at most {MaxBytes} bytes of JSON."
        : DepthOf(schema) > MaxDepth ? $"must nest at most {MaxDepth} levels deep."
        : null;

    private static int DepthOf(JsonElement value) => value.ValueKind switch
    {
        JsonValueKind.Object => 1 + value.EnumerateObject().Select(member => DepthOf(member.Value)).DefaultIfEmpty(0).Max(),
        JsonValueKind.Array => 1 + value.EnumerateArray().Select(DepthOf).DefaultIfEmpty(0).Max(),
        _ => 0,
    };
}
