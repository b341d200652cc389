using Platform.Load.Scenarios;

namespace Platform.Load.Measuring;

/// <summary>The platform's figures as ratios to a peer's measured in the same run: only those hold on a shared machine.</summary>
public static class PeerRatios
{
    public const string ToHangfire = "ratioToHangfire";
    public const string ColdToHangfire = "coldRatioToHangfire";
    public const string P99ToBareHub = "p99RatioToBareHub";
    public const string ToBareHub = "ratioToBareHub";

    /// <summary>The ending of a files figure in MB/s (10^6 bytes a second); its ratio to the bare server's ends in <see cref="ToBare"/>.</summary>
    public const string MegabytesPerSecond = "MBps";
    public const string HostCpuMsPerMegabyte = "HostCpuMsPerMB";
    public const string ToBare = "RatioToBare";
    public const string CpuToBare = "CpuRatioToBare";

    public static IReadOnlyList<ScenarioResult> Add(IReadOnlyList<ScenarioResult> results)
    {
        var byName = results.ToDictionary(result => result.Name);
        ScenarioResult WithRatio(ScenarioResult result, string figure, string peer, string peerFigure) =>
            byName.TryGetValue(peer, out var found) ? With(result, figure, result.Figures[peerFigure] / found.Figures[peerFigure]) : result;

        // A fan-out is judged against the bare hub sending the same message; saturation by the rate each sustains; an idle
        // connection by the memory it costs; chat by its delivery p99 and the deliveries a second it carried.
        return results.Select(result => result.Name switch
        {
            "drain" => WithRatio(WithRatio(result, ToHangfire, HangfireDrainScenario.Name, DrainRates.JobsPerSecond),
                ColdToHangfire, HangfireDrainScenario.Name, DrainRates.ColdJobsPerSecond),
            "enqueue" when byName.TryGetValue(HangfireDrainScenario.Name, out var hangfire) => With(With(result, ToHangfire,
                result.Figures["jobsPerSecond"] / hangfire.Figures["enqueueJobsPerSecond"]), ColdToHangfire,
                result.Figures["coldJobsPerSecond"] / hangfire.Figures["coldEnqueueJobsPerSecond"]),
            "fanout" or "fanout-stress" => WithRatio(result, P99ToBareHub, $"{result.Name}-baseline-events", "p99Ms"),
            "chat" => WithRatio(WithRatio(result, P99ToBareHub, "chat-baseline", "p99Ms"), ToBareHub, "chat-baseline", "deliveriesPerSecond"),
            "connections" => WithRatio(result, ToBareHub, "connections-baseline", "bytesPerConnection"),
            "fanout-saturation" or "fanout-saturation-messagepack" =>
                WithRatio(result, ToBareHub, "fanout-saturation-baseline-events", "sustainedDeliveriesPerSecond"),
            FilesScenario.Name when byName.TryGetValue(FilesScenario.BareName, out var bare) => ToBareFileServer(result, bare),
            _ => result,
        }).ToList();
    }

    // Per size and direction: MB/s as a ratio to the bare server's (above 1 is faster), and the host's processor time per MB (above 1 costs more).
    private static ScenarioResult ToBareFileServer(ScenarioResult result, ScenarioResult bare)
    {
        foreach (var (figure, value) in result.Figures.ToList())
        {
            if (figure.EndsWith(MegabytesPerSecond, StringComparison.Ordinal) && bare.Figures.TryGetValue(figure, out var peer))
                result = With(result, figure[..^MegabytesPerSecond.Length] + ToBare, value / peer);
            if (figure.EndsWith(HostCpuMsPerMegabyte, StringComparison.Ordinal) && bare.Figures.TryGetValue(figure, out peer))
                result = With(result, figure[..^HostCpuMsPerMegabyte.Length] + CpuToBare, value / peer);
        }
        return result;
    }

    private static ScenarioResult With(ScenarioResult result, string figure, double ratio) =>
        result with { Figures = new Dictionary<string, double>(result.Figures) { [figure] = double.IsFinite(ratio) ? Math.Round(ratio, 2) : double.NaN } };
}
