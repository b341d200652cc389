using Platform.Hubs;

namespace Platform.UnitTests.Hubs;

public sealed class InvocationPaceTests
{
    private static readonly DateTimeOffset Start = new(2026, 1, 1, 0, 0, 0, TimeSpan.Zero);

    [Fact]
    public void A_burst_runs_at_once_and_each_call_after_it_waits_one_interval_more()
    {
        var pace = new InvocationPace(perSecond: 10, burst: 3);

        var waits = Enumerable.Range(0, 6).Select(_ => pace.Take(Start)).ToList();

        waits.Should().Equal(TimeSpan.Zero, TimeSpan.Zero, TimeSpan.Zero,
            TimeSpan.FromMilliseconds(100), TimeSpan.FromMilliseconds(200), TimeSpan.FromMilliseconds(300));
    }

    [Fact]
    public void A_caller_who_waits_its_turn_each_time_keeps_the_pace_without_a_further_wait()
    {
        var pace = new InvocationPace(perSecond: 10, burst: 2);
        var now = Start;
        pace.Take(now);
        pace.Take(now);

        for (var i = 0; i < 5; i++)
        {
            var wait = pace.Take(now);
            wait.Should().Be(TimeSpan.FromMilliseconds(100), "once the burst is spent, a call runs one interval after the last");
            now += wait;
        }
    }

    [Fact]
    public void A_quiet_connection_gets_its_burst_back()
    {
        var pace = new InvocationPace(perSecond: 10, burst: 3);
        for (var i = 0; i < 6; i++)
            pace.Take(Start);

        var later = Start + TimeSpan.FromSeconds(1);

        Enumerable.Range(0, 3).Select(_ => pace.Take(later)).ToList().Should().AllSatisfy(wait => wait.Should().Be(TimeSpan.Zero));
        pace.Take(later).Should().Be(TimeSpan.FromMilliseconds(100));
    }
}
