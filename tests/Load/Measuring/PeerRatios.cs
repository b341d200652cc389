using Platform.Load.Scenarios;

namespace Platform.Load.Measuring;

/// <summary>The platform's figures as ratios to a peer's measured in the same run: only those hold on a shared machine.</summary>
public static class PeerRatios
{
    public const string ToHangfire = "ratioToHangfire";
    public const string ColdToHangfire = "coldRatioToHangfire";

    public static IReadOnlyList<ScenarioResult> Add(IReadOnlyList<ScenarioResult> results)
    {
        if (results.FirstOrDefault(result => result.Name == HangfireDrainScenario.Name) is not { } hangfire)
            return results;
        return results.Select(result => result.Name switch
        {
            "drain" => With(With(result, ToHangfire, Ratio(result, hangfire, DrainRates.JobsPerSecond)),
                ColdToHangfire, Ratio(result, hangfire, DrainRates.ColdJobsPerSecond)),
            "enqueue" => With(result, ToHangfire, result.Figures["jobsPerSecond"] / hangfire.Figures["enqueueJobsPerSecond"]),
            _ => result,
        }).ToList();
    }

    private static double Ratio(ScenarioResult platform, ScenarioResult peer, string figure) => platform.Figures[figure] / peer.Figures[figure];

    private static ScenarioResult With(ScenarioResult result, string figure, double ratio) =>
        result with { Figures = new Dictionary<string, double>(result.Figures) { [figure] = double.IsFinite(ratio) ? Math.Round(ratio, 2) : double.NaN } };
}
