using System.Net;
using Platform.Client;
using Platform.Contracts.Jobs;
using Platform.Contracts.Notifications;
using Platform.IntegrationTests.Jobs;
using Platform.IntegrationTests.Rooms;

namespace Platform.IntegrationTests.RealTime;

/// <summary>What a user of the .NET SDK sees live: their jobs, notifications, who is online, and rooms, across two hosts.</summary>
public sealed class ClientLiveConnectionTests(RealTimeFixture hosts) : IClassFixture<RealTimeFixture>
{
    [Fact]
    public async Task A_user_is_notified_of_a_finished_job_finds_it_unread_and_marks_it_read()
    {
        var apiKey = await hosts.First.CreateApiKeyAsync();
        var client = hosts.First.ClientWithKey(apiKey);
        await using var live = await RecordingLiveConnection.StartAsync(hosts.Second.ClientWithKey(apiKey));

        var job = await client.SubmitAsync(CancelJobTests.LongGeneration(steps: 2));
        await live.Live.SubscribeJobAsync(job.Id);

        var notified = await live.Notifications.WaitForAsync(n => n.JobId == job.Id);
        notified.Kind.Should().Be(NotificationKind.JobSucceeded);
        notified.Read.Should().BeFalse();
        await live.JobEvents.WaitForAsync(e => e.Kind == JobEventKind.Succeeded);
        var history = await client.GetEventsAsync(job.Id);
        live.JobEvents.Items.Where(e => !e.Transient).Select(e => e.Version).Should().Equal(history.Select(e => e.Version),
            "a subscription made after the submit replays what was stored before it");
        (await client.ListNotificationsAsync(unreadOnly: true)).Items.Should().ContainSingle().Which.Id.Should().Be(notified.Id);

        var read = await client.MarkNotificationReadAsync(notified.Id);

        read.Read.Should().BeTrue();
        (await client.ListNotificationsAsync(unreadOnly: true)).Total.Should().Be(0);
        (await client.ListNotificationsAsync()).Items.Should().ContainSingle().Which.Read.Should().BeTrue();
    }

    [Fact]
    public async Task An_admin_broadcast_reaches_a_user_live_who_can_then_mark_everything_read()
    {
        var user = await hosts.First.CreateUserAsync();
        await using var live = await RecordingLiveConnection.StartAsync(hosts.Second.ClientFor(user));
        var title = $"Maintenance {Guid.NewGuid():N}";

        var sent = await hosts.Admin.Client.BroadcastAsync(new BroadcastRequest(title, "Down at noon."));

        var pushed = await live.Notifications.WaitForAsync(n => n.Title == title);
        pushed.Kind.Should().Be(NotificationKind.AdminBroadcast);
        pushed.Message.Should().Be("Down at noon.");
        sent.Recipients.Should().BeGreaterThan(0);
        (await user.Client.ListNotificationsAsync(unreadOnly: true)).Items.Should().ContainSingle().Which.Id.Should().Be(pushed.Id);
        (await user.Client.MarkAllNotificationsReadAsync()).Marked.Should().Be(1);
        (await user.Client.ListNotificationsAsync(unreadOnly: true)).Total.Should().Be(0);
    }

    [Fact]
    public async Task A_user_who_is_not_an_admin_cannot_broadcast()
    {
        var user = await hosts.First.CreateUserAsync();

        var broadcast = () => user.Client.BroadcastAsync(new BroadcastRequest("Hello", "everyone"));

        (await broadcast.Should().ThrowAsync<PlatformApiException>()).Which.Status.Should().Be(HttpStatusCode.Forbidden);
    }

    [Fact]
    public async Task Two_users_see_each_other_online_and_each_hears_when_the_other_comes_or_goes()
    {
        var x = await hosts.First.CreateUserAsync();
        var y = await hosts.First.CreateUserAsync();
        var (xId, yId) = (x.Id.ToString(), y.Id.ToString());
        await using var yLive = await RecordingLiveConnection.StartAsync(hosts.Second.ClientFor(y));
        await using var xLive = await RecordingLiveConnection.StartAsync(hosts.First.ClientFor(x));

        var xCame = await yLive.Presence.WaitForAsync(c => c.UserId == xId && c.Online);
        (await yLive.Live.GetOnlineUsersAsync()).Should().Contain(u => u.UserId == xId);
        (await xLive.Live.GetOnlineUsersAsync()).Should().Contain(u => u.UserId == yId);
        await yLive.DisposeAsync();
        var yWent = await xLive.Presence.WaitForAsync(c => c.UserId == yId && !c.Online);

        xCame.DisplayName.Should().Be(x.Email.Split('@')[0]);
        yWent.DisplayName.Should().Be(y.Email.Split('@')[0]);
        (await xLive.Live.GetOnlineUsersAsync()).Should().NotContain(u => u.UserId == yId).And.Contain(u => u.UserId == xId);
    }

    [Fact]
    public async Task Two_users_in_a_room_exchange_messages_and_see_each_other_typing()
    {
        var (alice, bob, room) = await hosts.First.PrivateRoomWithMemberAsync();
        await using var aliceLive = await RecordingLiveConnection.StartAsync(hosts.First.ClientFor(alice));
        await using var bobLive = await RecordingLiveConnection.StartAsync(hosts.Second.ClientFor(bob));
        await aliceLive.Live.WatchRoomAsync(room.Id);
        await bobLive.Live.WatchRoomAsync(room.Id);

        await aliceLive.Live.TypingInRoomAsync(room.Id);
        var posted = await aliceLive.Live.PostToRoomAsync(room.Id, "hello Bob");
        var typing = await bobLive.RoomTypings.WaitForAsync(t => t.RoomId == room.Id);
        var toBob = await bobLive.ChatMessages.WaitForAsync(m => m.RoomId == room.Id);
        await bobLive.Live.PostToRoomAsync(room.Id, "hello Alice");
        var toAlice = await aliceLive.ChatMessages.WaitForAsync(m => m.AuthorId == bob.Id);

        typing.UserId.Should().Be(alice.Id);
        toBob.Should().BeEquivalentTo(posted, "the post answers the message as stored and delivered");
        toBob.Text.Should().Be("hello Bob");
        toBob.AuthorId.Should().Be(alice.Id);
        toAlice.Text.Should().Be("hello Alice");
        toAlice.AuthorName.Should().Be(bob.Email.Split('@')[0]);
        aliceLive.RoomTypings.Items.Should().BeEmpty("nobody is told of their own typing");
    }

    [Fact]
    public async Task After_its_host_restarts_a_connection_is_back_in_its_rooms_and_gets_what_its_job_stored_meanwhile()
    {
        var acceptOnly = new Dictionary<string, string?> { ["Jobs:RunWorkers"] = "false" };
        var (member, user, room) = await hosts.First.PrivateRoomWithMemberAsync();
        await using var memberLive = await RecordingLiveConnection.StartAsync(hosts.First.ClientFor(member));
        var sibling = hosts.First.StartSibling(acceptOnly);
        await using var live = await RecordingLiveConnection.StartAsync(sibling.ClientFor(user));
        await live.Live.WatchRoomAsync(room.Id);
        var job = await user.Client.SubmitAsync(CancelJobTests.LongGeneration());
        await live.Live.SubscribeJobAsync(job.Id);
        await live.JobEvents.WaitForAsync(e => e.Kind == JobEventKind.Started);

        await sibling.DisposeAsync();
        await user.Client.CancelAsync(job.Id);
        await using var restarted = sibling.Restart(acceptOnly);
        await live.Reconnects.WaitForAsync(_ => true, TimeSpan.FromSeconds(60));
        await memberLive.Live.PostToRoomAsync(room.Id, "welcome back");

        (await live.ChatMessages.WaitForAsync(m => m.Text == "welcome back")).RoomId.Should().Be(room.Id);
        (await live.JobEvents.WaitForAsync(e => e.Kind == JobEventKind.Cancelled)).JobId.Should().Be(job.Id);
        var history = await user.Client.GetEventsAsync(job.Id);
        live.JobEvents.Items.Where(e => !e.Transient).Select(e => e.Version).Should().Equal(history.Select(e => e.Version),
            "every stored event arrives once, in order");
    }
}
