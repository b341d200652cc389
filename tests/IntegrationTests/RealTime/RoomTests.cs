using Microsoft.AspNetCore.SignalR;
using Microsoft.AspNetCore.SignalR.Client;
using Platform.Contracts.Hubs;

namespace Platform.IntegrationTests.RealTime;

public sealed class RoomTests(RealTimeFixture hosts) : IClassFixture<RealTimeFixture>
{
    [Fact]
    public async Task A_message_sent_on_one_host_reaches_members_on_another_and_no_one_else()
    {
        var room = $"room-{Guid.NewGuid():N}";
        var sender = await hosts.First.CreateUserAsync();
        await using var senderLive = await LiveConnection.OpenAsync(hosts.First, sender);
        await using var member = await LiveConnection.OpenAsync(hosts.Second, await hosts.First.CreateUserAsync());
        await using var outsider = await LiveConnection.OpenAsync(hosts.Second, await hosts.First.CreateUserAsync());
        await senderLive.Hub.InvokeAsync(nameof(IJobsHub.JoinRoom), room);
        await member.Hub.InvokeAsync(nameof(IJobsHub.JoinRoom), room);

        await senderLive.Hub.InvokeAsync(nameof(IJobsHub.Typing), room);
        await senderLive.Hub.InvokeAsync(nameof(IJobsHub.SendToRoom), room, "hello from host 1");
        // Both cross to the other host through Redis: the member leaves once they have arrived, not merely been sent.
        var typing = await member.TypingIndicators.WaitForAsync(t => t.Room == room);
        var received = await member.Messages.WaitForAsync(m => m.Room == room);
        await member.Hub.InvokeAsync(nameof(IJobsHub.LeaveRoom), room);
        await senderLive.Hub.InvokeAsync(nameof(IJobsHub.SendToRoom), room, "after the member left");

        await senderLive.Messages.WaitForAsync(m => m.Text == "after the member left");
        typing.UserId.Should().Be(sender.Id.ToString());
        received.Text.Should().Be("hello from host 1");
        received.FromUserId.Should().Be(sender.Id.ToString());
        received.FromDisplayName.Should().Be(sender.Email.Split('@')[0]);
        member.Messages.Items.Should().ContainSingle("the second message was sent after it left");
        senderLive.TypingIndicators.Items.Should().BeEmpty("the typist is not told about themselves");
        // The outsider's connection got the member's later messages through the same backplane: nothing from the room came.
        outsider.Messages.Items.Should().BeEmpty();
        outsider.TypingIndicators.Items.Should().BeEmpty();
    }

    [Fact]
    public async Task Someone_who_has_not_joined_cannot_send_or_type()
    {
        await using var outsider = await LiveConnection.OpenAsync(hosts.Second, await hosts.First.CreateUserAsync());

        var send = () => outsider.Hub.InvokeAsync(nameof(IJobsHub.SendToRoom), "lobby", "hi");
        var type = () => outsider.Hub.InvokeAsync(nameof(IJobsHub.Typing), "lobby");

        (await send.Should().ThrowAsync<HubException>()).WithMessage("*Join room lobby*");
        (await type.Should().ThrowAsync<HubException>()).WithMessage("*Join room lobby*");
    }

    [Theory]
    [InlineData("")]
    [InlineData("Upper")]
    [InlineData("with space")]
    [InlineData("a/b")]
    [InlineData("x12345678901234567890123456789012345678901234567890123456789012345")]
    public async Task A_bad_room_name_is_refused_with_a_clear_error(string room)
    {
        await using var live = await LiveConnection.OpenAsync(hosts.First, await hosts.First.CreateUserAsync());

        var join = () => live.Hub.InvokeAsync(nameof(IJobsHub.JoinRoom), room);

        (await join.Should().ThrowAsync<HubException>()).WithMessage("*room must be 1 to 64 characters*");
    }

    [Fact]
    public async Task Empty_or_overlong_text_is_refused()
    {
        await using var live = await LiveConnection.OpenAsync(hosts.First, await hosts.First.CreateUserAsync());
        await live.Hub.InvokeAsync(nameof(IJobsHub.JoinRoom), "texts");

        var empty = () => live.Hub.InvokeAsync(nameof(IJobsHub.SendToRoom), "texts", "");
        var overlong = () => live.Hub.InvokeAsync(nameof(IJobsHub.SendToRoom), "texts", new string('a', 4001));

        (await empty.Should().ThrowAsync<HubException>()).WithMessage("*text must be 1 to 4000*");
        (await overlong.Should().ThrowAsync<HubException>()).WithMessage("*text must be 1 to 4000*");
    }

    [Fact]
    public async Task Sending_more_than_ten_messages_a_second_is_refused()
    {
        var room = $"busy-{Guid.NewGuid():N}";
        await using var live = await LiveConnection.OpenAsync(hosts.First, await hosts.First.CreateUserAsync());
        await live.Hub.InvokeAsync(nameof(IJobsHub.JoinRoom), room);

        // All at once, so the burst lands within a second even on a slow machine.
        var sends = Enumerable.Range(0, 15).Select(i => live.Hub.InvokeAsync(nameof(IJobsHub.SendToRoom), room, $"message {i}")).ToList();
        var refusals = 0;
        foreach (var send in sends)
        {
            try
            {
                await send;
            }
            catch (HubException e)
            {
                e.Message.Should().Contain("Too many messages");
                refusals++;
            }
        }

        refusals.Should().BeGreaterThan(0);
    }
}
