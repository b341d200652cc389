using Platform.Load.Measuring;
using Platform.TestCluster;

namespace Platform.Load.Scenarios;

/// <summary>
/// C members over a few rooms and two hosts (each room has members on both), each watching its room and posting to it
/// at a fixed rate: on the platform (<c>PostToRoom</c> stores the message, <c>WatchRoom</c> delivers it), then on bare
/// hubs over the same Redis that send the same message to a SignalR group, taking turns after a warm-up of each so a
/// busy machine slows both alike. Every message the platform stored (its history, read back afterwards) must reach
/// every member of its room once and in sequence, or the run fails; then members read history pages.
/// </summary>
public static class ChatScenario
{
    public const int Turns = 3;
    public const int HistoryPageSize = 50;
    private static readonly TimeSpan WarmUp = TimeSpan.FromSeconds(5);

    public static IReadOnlyList<ChatContender> Contenders { get; } = [new("chat", ChatSource.Platform), new("chat-baseline", ChatSource.Bare)];

    /// <summary>200 members over 4 rooms, a message a second each, 30 seconds in all, unless told otherwise.</summary>
    public static ChatLoad Load(LoadOptions options) =>
        new(options.Clients ?? 200, options.Rooms ?? 4, options.Rate ?? 1, TimeSpan.FromSeconds((options.Seconds ?? 30) / (double)Turns));

    public static async Task<IReadOnlyList<ScenarioResult>> RunAsync(LoadRun run, LocalCluster? cluster)
    {
        var load = Load(run.Options);
        Func<string> status = () => "";
        var opened = new List<ChatMembers>();
        try
        {
            await using (new ProgressLine("chat", () => status()))
            {
                foreach (var contender in Contenders)
                    opened.Add(await ChatMembers.OpenAsync(run, cluster, contender, load, Turns, line => status = () => line));
                foreach (var members in opened)
                {
                    status = () => $"{members.Contender.Name}: warming up";
                    await members.RunTurnAsync(0, load.Turn < WarmUp ? load.Turn : WarmUp);
                }
                for (var turn = 1; turn <= Turns; turn++)
                    foreach (var members in opened)
                    {
                        var (current, meter) = (turn, members.Meter);
                        status = () => $"turn {current}/{Turns}: {members.Contender.Name}, {meter.AnsweredIn(current):N0} posts answered, " +
                            $"{meter.DeliveriesIn(current):N0} delivered";
                        await members.RunTurnAsync(turn, load.Turn);
                    }
                status = () => "reading history";
                var results = new List<ScenarioResult>();
                foreach (var members in opened)
                    results.Add(await ResultAsync(run, load, members));
                return results;
            }
        }
        finally
        {
            foreach (var members in opened)
                await members.DisposeAsync();
        }
    }

    private static async Task<ScenarioResult> ResultAsync(LoadRun run, ChatLoad load, ChatMembers members)
    {
        var figures = new Dictionary<string, double>
        {
            ["members"] = load.Members,
            ["rooms"] = load.Rooms,
            ["hosts"] = ChatLoad.Hosts,
            ["offeredMessagesPerSecond"] = load.OfferedMessagesPerSecond,
            ["offeredDeliveriesPerSecond"] = load.OfferedDeliveriesPerSecond,
        };
        foreach (var (figure, value) in members.Meter.Figures(Turns))
            figures[figure] = value;
        var platform = members.Contender.Source == ChatSource.Platform;
        // The platform's history is what it stored; the bare hubs store nothing, so their answers are all there is.
        var check = members.Meter.Check(platform ? await members.StoredAsync() : members.Meter.AnsweredByRoom(), inSequence: platform);
        figures["lost"] = check.Lost;
        figures["duplicates"] = check.Duplicates;
        if (platform)
        {
            figures["outOfOrder"] = check.OutOfOrder;
            figures["answeredNotStored"] = check.AnsweredNotStored;
            var (pages, perSecond) = await members.ReadHistoryAsync(run.Options.Callers ?? 8, HistoryPageSize, load.Turn);
            figures["historyP50Ms"] = pages.Percentile(50);
            figures["historyP99Ms"] = pages.Percentile(99);
            figures["historyPagesPerSecond"] = perSecond;
        }
        return new ScenarioResult(members.Contender.Name, figures, Failure(members, check, platform));
    }

    // A failed post means the offered load was not what was measured; a loss, a duplicate or a message out of sequence
    // is a broken promise of the platform's.
    private static string? Failure(ChatMembers members, ChatCheck check, bool platform)
    {
        var problems = new List<string>();
        if (members.Meter.FirstFailure is { } failure)
            problems.Add($"posts failed, the first with {failure}");
        if (platform && !check.Clean)
            problems.Add($"{check.Lost} lost, {check.Duplicates} duplicates, {check.OutOfOrder} out of order, {check.AnsweredNotStored} answered but not stored; " +
                string.Join("; ", check.Examples));
        if (members.Meter.Foreign > 0)
            problems.Add($"{members.Meter.Foreign} messages received that were not posted to the receiver's room");
        return problems.Count > 0 ? string.Join("; ", problems) : null;
    }
}
