using System.Globalization;
using System.Text.RegularExpressions;

namespace Platform.IntegrationTests.Operations;

/// <summary>The samples of a Prometheus text exposition: <c>name{label="value",…} 12.5</c>, one a line.</summary>
public sealed partial class PrometheusText(IReadOnlyList<PrometheusText.Sample> samples)
{
    public sealed record Sample(string Name, IReadOnlyDictionary<string, string> Labels, double Value);

    public IReadOnlyList<Sample> Samples { get; } = samples;

    public static PrometheusText Parse(string text) => new(text.Split('\n')
        .Where(line => line.Length > 0 && !line.StartsWith('#'))
        .Select(line => SampleLine().Match(line))
        .Where(match => match.Success)
        .Select(match => new Sample(
            match.Groups["name"].Value,
            LabelPair().Matches(match.Groups["labels"].Value).ToDictionary(l => l.Groups["key"].Value, l => l.Groups["value"].Value),
            double.Parse(match.Groups["value"].Value, CultureInfo.InvariantCulture)))
        .ToList());

    /// <summary>Samples of <paramref name="name"/> carrying at least the given labels (others may be there too).</summary>
    public IReadOnlyList<Sample> Find(string name, params (string Key, string Value)[] labels) =>
        Samples.Where(s => s.Name == name && labels.All(l => s.Labels.TryGetValue(l.Key, out var v) && v == l.Value)).ToList();

    [GeneratedRegex(@"^(?<name>[a-zA-Z_:][a-zA-Z0-9_:]*)(\{(?<labels>.*)\})?\s+(?<value>\S+)(\s+\d+)?$")]
    private static partial Regex SampleLine();

    [GeneratedRegex(@"(?<key>[a-zA-Z_][a-zA-Z0-9_]*)=""(?<value>(?:[^""\\]|\\.)*)""")]
    private static partial Regex LabelPair();
}
