using System.Text.Json;
using System.Text.Json.Nodes;
using Platform.Load.Scenarios;

namespace Platform.Load.Measuring;

public static class Report
{
    public static void PrintTable(IReadOnlyList<ScenarioResult> results, TextWriter output)
    {
        var width = results.SelectMany(result => result.Figures.Keys).Append("figure").Max(figure => figure.Length);
        output.WriteLine($"{"scenario",-22} {"figure".PadRight(width)} {"value",14}");
        output.WriteLine(new string('-', 38 + width));
        foreach (var result in results)
            foreach (var (figure, value) in result.Figures)
                output.WriteLine($"{result.Name,-22} {figure.PadRight(width)} {value,14:0.##}");
    }

    /// <summary>One object per scenario of named numbers, plus the machine they were measured on.</summary>
    public static string ToJson(IReadOnlyList<ScenarioResult> results, ulong? openFiles)
    {
        var root = new JsonObject
        {
            ["machine"] = new JsonObject
            {
                ["cores"] = Environment.ProcessorCount,
                ["memoryGb"] = Math.Round(GC.GetGCMemoryInfo().TotalAvailableMemoryBytes / 1073741824.0, 1),
                ["os"] = System.Runtime.InteropServices.RuntimeInformation.OSDescription,
                ["openFiles"] = openFiles,
                ["measuredAt"] = DateTimeOffset.UtcNow,
            },
        };
        foreach (var result in results)
            root[result.Name] = new JsonObject(result.Figures.Select(f =>
                KeyValuePair.Create(f.Key, (JsonNode?)(double.IsFinite(f.Value) ? JsonValue.Create(f.Value) : null))));
        return root.ToJsonString(new JsonSerializerOptions { WriteIndented = true });
    }
}
