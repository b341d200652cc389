using Platform.Jobs.Rooms;

namespace Platform.UnitTests.Rooms;

public sealed class SendWindowTests
{
    private static readonly DateTimeOffset Start = new(2026, 11, 30, 12, 0, 0, TimeSpan.Zero);

    [Fact]
    public void A_burst_up_to_the_limit_passes_and_the_next_send_within_the_second_is_refused()
    {
        var window = new SendWindow();

        Enumerable.Range(0, 10).Select(i => window.TryTake(Start.AddMilliseconds(i * 10), 10)).ToList().Should().AllBeEquivalentTo(true);
        window.TryTake(Start.AddMilliseconds(500), 10).Should().BeFalse();
    }

    [Fact]
    public void Each_send_that_ages_past_a_second_makes_room_for_one_more()
    {
        var window = new SendWindow();
        for (var i = 0; i < 3; i++)
            window.TryTake(Start.AddMilliseconds(i * 100), 3);

        window.TryTake(Start.AddMilliseconds(999), 3).Should().BeFalse();
        window.TryTake(Start.AddMilliseconds(1000), 3).Should().BeTrue("the first send is a second old");
        window.TryTake(Start.AddMilliseconds(1050), 3).Should().BeFalse("the second is not yet");
    }

    [Fact]
    public void A_window_is_idle_once_its_last_send_is_a_second_old()
    {
        var window = new SendWindow();
        window.TryTake(Start, 5);

        window.IdleAt(Start.AddMilliseconds(999)).Should().BeFalse();
        window.IdleAt(Start.AddSeconds(1)).Should().BeTrue();
    }
}
