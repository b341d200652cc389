using Microsoft.AspNetCore.SignalR;
using Microsoft.AspNetCore.SignalR.Protocol;
using Platform.Hubs.Watching;

namespace Platform.UnitTests.Hubs;

public sealed class JobOutboxTests
{
    private static readonly Guid JobA = Guid.NewGuid();
    private static readonly Guid JobB = Guid.NewGuid();
    private readonly List<string> _written = [];
    private readonly TaskCompletionSource _connectionReads = new();
    private int _superseded;

    [Fact]
    public void A_connection_that_keeps_up_gets_every_message_at_once_in_order()
    {
        _connectionReads.SetResult();
        var outbox = NewOutbox();

        outbox.WriteLatest(JobA, Message("tick a1"));
        outbox.WriteAsync(JobA, Message("stored a2")).IsCompletedSuccessfully.Should().BeTrue();
        outbox.WriteLatest(JobA, Message("tick a2"));

        _written.Should().Equal("tick a1", "stored a2", "tick a2");
        _superseded.Should().Be(0);
    }

    [Fact]
    public async Task Ticks_waiting_for_a_slow_connection_give_way_to_the_newest_of_their_job()
    {
        var outbox = NewOutbox();
        var stuck = outbox.WriteAsync(JobA, Message("stored a1"));

        outbox.WriteLatest(JobA, Message("tick a1.1"));
        outbox.WriteLatest(JobB, Message("tick b0.1"));
        outbox.WriteLatest(JobA, Message("tick a1.2"));
        outbox.WriteLatest(JobA, Message("tick a1.3"));
        await ReadAllAsync(outbox);

        _written.Should().Equal("stored a1", "tick a1.3", "tick b0.1");
        _superseded.Should().Be(2);
        stuck.IsCompletedSuccessfully.Should().BeTrue();
    }

    [Fact]
    public async Task A_stored_event_is_never_dropped_nor_passed_by_a_later_tick_of_its_job()
    {
        var outbox = NewOutbox();
        _ = outbox.WriteAsync(JobB, Message("stored b1"));

        outbox.WriteLatest(JobA, Message("tick a1.1"));
        var stored = outbox.WriteAsync(JobA, Message("stored a2"));
        outbox.WriteLatest(JobA, Message("tick a2.1"));
        outbox.WriteLatest(JobA, Message("tick a2.2"));
        _ = outbox.WriteAsync(JobA, Message("stored a3"));
        stored.IsCompleted.Should().BeFalse("the connection has not taken it yet");
        await ReadAllAsync(outbox);

        _written.Should().Equal("stored b1", "tick a1.1", "stored a2", "tick a2.2", "stored a3");
        _superseded.Should().Be(1);
        stored.IsCompletedSuccessfully.Should().BeTrue();
    }

    [Fact]
    public async Task A_tick_already_being_written_is_not_replaced_and_the_next_one_follows_it()
    {
        var outbox = NewOutbox();
        outbox.WriteLatest(JobA, Message("tick a1.1"));

        outbox.WriteLatest(JobA, Message("tick a1.2"));
        outbox.WriteLatest(JobA, Message("tick a1.3"));
        await ReadAllAsync(outbox);

        _written.Should().Equal("tick a1.1", "tick a1.3");
    }

    private JobOutbox NewOutbox() => new(async message =>
    {
        await _connectionReads.Task;
        lock (_written)
            _written.Add((string)((InvocationMessage)message.Message!).Arguments[0]!);
    }, () => _superseded++);

    // Lets the connection read, and waits until the outbox has nothing left: a stored event written last says so.
    private async Task ReadAllAsync(JobOutbox outbox)
    {
        _connectionReads.SetResult();
        await outbox.WriteAsync(Guid.NewGuid(), Message("end"));
        lock (_written)
            _written.Remove("end");
    }

    private static SerializedHubMessage Message(string text) => new(new InvocationMessage("Test", [text]));
}
