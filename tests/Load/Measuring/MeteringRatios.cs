using System.Text.RegularExpressions;
using Platform.Load.Scenarios;

namespace Platform.Load.Measuring;

/// <summary>
/// What metering costs: each figure of a scenario's metered runs over its unmetered runs' of the same invocation, taken
/// in turns, as one more result named <c>{scenario}-metering</c>. <c>{figure}Ratio</c> divides the means over the turns;
/// <c>{figure}Ratio{turn}</c> each turn's pair, to show how far the machine's noise moves it.
/// </summary>
public static partial class MeteringRatios
{
    // Counts the run was given, not measured.
    private static readonly HashSet<string> Given = ["callers", "jobs", "hosts", "lost"];

    public static IReadOnlyList<ScenarioResult> Add(IReadOnlyList<ScenarioResult> results)
    {
        var byName = results.ToDictionary(result => result.Name);
        var pairs = results
            .Select(result => (Metered: result, Match: MeteredName().Match(result.Name)))
            .Where(found => found.Match.Success && byName.ContainsKey(found.Match.Groups["scenario"].Value + found.Match.Groups["turn"].Value))
            .Select(found => (Scenario: found.Match.Groups["scenario"].Value, Turn: found.Match.Groups["turn"].Value,
                Plain: byName[found.Match.Groups["scenario"].Value + found.Match.Groups["turn"].Value], found.Metered))
            .GroupBy(pair => pair.Scenario);
        return [.. results, .. pairs.Select(turns => Ratios(turns.Key, [.. turns.Select(turn => (turn.Plain, turn.Metered))]))];
    }

    private static ScenarioResult Ratios(string scenario, IReadOnlyList<(ScenarioResult Plain, ScenarioResult Metered)> turns)
    {
        var figures = new Dictionary<string, double> { ["turns"] = turns.Count };
        foreach (var figure in turns[0].Metered.Figures.Keys.Where(figure => !Given.Contains(figure) && turns.All(turn => Has(turn, figure))))
        {
            figures[figure + "Ratio"] = Ratio(turns.Average(turn => turn.Metered.Figures[figure]), turns.Average(turn => turn.Plain.Figures[figure]));
            for (var i = 0; i < turns.Count && turns.Count > 1; i++)
                figures[$"{figure}Ratio{i + 1}"] = Ratio(turns[i].Metered.Figures[figure], turns[i].Plain.Figures[figure]);
        }
        return new ScenarioResult(scenario + "-metering", figures);
    }

    private static bool Has((ScenarioResult Plain, ScenarioResult Metered) turn, string figure) =>
        turn.Plain.Figures.ContainsKey(figure) && turn.Metered.Figures.ContainsKey(figure);

    private static double Ratio(double metered, double plain) => metered / plain is var ratio && double.IsFinite(ratio) ? Math.Round(ratio, 3) : double.NaN;

    // enqueue-metered, drain-metered-2: the unmetered run of the same turn is enqueue, drain-2.
    [GeneratedRegex($"^(?<scenario>.+){Metering.Suffix}(?<turn>-[0-9]+)?$")]
    private static partial Regex MeteredName();
}
