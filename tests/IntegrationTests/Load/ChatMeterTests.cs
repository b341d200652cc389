using Platform.Contracts.Rooms;
using Platform.Load.Measuring;

namespace Platform.IntegrationTests.Load;

public sealed class ChatMeterTests
{
    private static readonly Guid Room = Guid.NewGuid();

    [Fact]
    public void A_member_that_misses_a_stored_message_gets_one_twice_or_out_of_sequence_is_counted_and_named()
    {
        // Two members of one room; three messages stored.
        var meter = new ChatMeter(members: 2, rooms: 1, turns: 1, roomOf: _ => 0);
        var stored = new[] { (new ChatKey(1, 0, 1), 1L), (new ChatKey(1, 1, 1), 2L), (new ChatKey(1, 0, 2), 3L) };
        foreach (var (key, seq) in stored)
            meter.Delivered(0, Message(key, seq));
        meter.Delivered(1, Message(stored[1].Item1, 2));
        meter.Delivered(1, Message(stored[0].Item1, 1));
        meter.Delivered(1, Message(stored[0].Item1, 1));

        var check = meter.Check([stored], inSequence: true);

        check.Lost.Should().Be(1, "member 1 never got seq 3");
        check.Duplicates.Should().Be(1);
        check.OutOfOrder.Should().Be(2, "seq 1 came after seq 2, then again");
        check.Clean.Should().BeFalse();
        check.Examples.Should().ContainSingle().Which.Should().Contain("member 1").And.Contain("seq 3");
    }

    [Fact]
    public void Members_that_got_every_stored_message_once_in_sequence_are_clean()
    {
        var meter = new ChatMeter(members: 2, rooms: 1, turns: 1, roomOf: _ => 0);
        var stored = new[] { (new ChatKey(1, 0, 1), 1L), (new ChatKey(1, 1, 1), 2L) };
        foreach (var member in new[] { 0, 1 })
            foreach (var (key, seq) in stored)
                meter.Delivered(member, Message(key, seq));

        var check = meter.Check([stored], inSequence: true);

        check.Clean.Should().BeTrue();
        check.Examples.Should().BeEmpty();
    }

    private static ChatMessage Message(ChatKey key, long seq) =>
        new(Guid.NewGuid(), Room, seq, ChatMessageKind.User, null, null, key.Text(System.Diagnostics.Stopwatch.GetTimestamp()), DateTimeOffset.UtcNow);
}
