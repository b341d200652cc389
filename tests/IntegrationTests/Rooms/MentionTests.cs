using Platform.Client;
using Platform.Contracts.Accounts;
using Platform.Contracts.Notifications;
using Platform.Contracts.Rooms;
using Platform.IntegrationTests.Infrastructure;
using Platform.IntegrationTests.RealTime;

namespace Platform.IntegrationTests.Rooms;

/// <summary>A message that mentions a member notifies them, stored and live on every host, as their preferences allow.</summary>
public sealed class MentionTests(RealTimeFixture hosts) : IClassFixture<RealTimeFixture>
{
    [Fact]
    public async Task A_mentioned_member_is_notified_live_on_the_other_host_and_finds_the_notification_stored()
    {
        var (owner, member, room) = await hosts.First.PrivateRoomWithMemberAsync();
        await using var live = await RecordingLiveConnection.StartAsync(hosts.Second.ClientFor(member));

        var message = await owner.Client.PostRoomMessageAsync(room.Id, $"{Mention("Grace", member)} the render is done");

        var pushed = await live.Notifications.WaitForAsync(n => n.MessageId == message.Id);
        pushed.Should().BeEquivalentTo(new { Kind = NotificationKind.Mention, RoomId = room.Id, Read = false, Message = "@Grace the render is done" });
        pushed.Title.Should().Contain(room.Name);
        (await member.Client.ListNotificationsAsync(unreadOnly: true)).Items.Should().ContainSingle().Which.Should().Be(pushed);
    }

    [Fact]
    public async Task Neither_the_author_nor_someone_outside_the_room_is_notified()
    {
        var (owner, member, room) = await hosts.First.PrivateRoomWithMemberAsync();
        var outsider = await hosts.First.CreateUserAsync();

        var message = await owner.Client.PostRoomMessageAsync(room.Id,
            $"{Mention("me", owner)}, {Mention("Outsider", outsider)} and {Mention("Grace", member)}");

        // The post answers once its mentions are stored: what is not stored now never will be.
        (await member.Client.ListNotificationsAsync()).Items.Should().ContainSingle().Which.MessageId.Should().Be(message.Id);
        (await owner.Client.ListNotificationsAsync()).Items.Should().BeEmpty();
        (await outsider.Client.ListNotificationsAsync()).Items.Should().BeEmpty();
    }

    [Fact]
    public async Task A_member_who_turned_mentions_off_is_not_notified()
    {
        var (owner, member, room) = await hosts.First.PrivateRoomWithMemberAsync();
        await member.Client.UpdateProfileAsync(new UpdateProfileRequest(Settings: new UserSettings(new NotificationPreferences(Mentions: false))));

        await owner.Client.PostRoomMessageAsync(room.Id, $"{Mention("Grace", member)} are you there?");

        (await member.Client.ListNotificationsAsync()).Items.Should().BeEmpty();
        (await member.Client.GetProfileAsync()).Settings.Notifications.Mentions.Should().BeFalse();
    }

    [Fact]
    public async Task An_edit_notifies_only_the_members_it_mentions_for_the_first_time()
    {
        var (owner, member, room) = await hosts.First.PrivateRoomWithMemberAsync();
        var latecomer = await hosts.First.CreateUserAsync();
        await owner.Client.AddRoomMemberAsync(room.Id, latecomer.Id);
        var message = await owner.Client.PostRoomMessageAsync(room.Id, $"{Mention("Grace", member)} please review");

        await owner.Client.EditRoomMessageAsync(message.Id, $"{Mention("Grace", member)} and {Mention("Ada", latecomer)} please review");
        await owner.Client.EditRoomMessageAsync(message.Id, $"{Mention("Ada", latecomer)} please review");
        await owner.Client.EditRoomMessageAsync(message.Id, $"{Mention("Grace", member)} and {Mention("Ada", latecomer)} please review, again");

        (await member.Client.ListNotificationsAsync()).Items.Should().ContainSingle().Which.Message.Should().Be("@Grace please review");
        (await latecomer.Client.ListNotificationsAsync()).Items.Should().ContainSingle().Which.Message.Should().Be("@Grace and @Ada please review");
    }

    [Fact]
    public async Task A_message_mentioning_more_people_than_the_limit_is_refused_and_not_stored()
    {
        var (owner, _, room) = await hosts.First.PrivateRoomWithMemberAsync();
        var crowd = string.Join(" ", Enumerable.Range(0, 11).Select(i => $"@[user {i}]({Guid.NewGuid()})"));

        var post = () => owner.Client.PostRoomMessageAsync(room.Id, crowd);

        (await post.Should().ThrowAsync<PlatformApiException>()).Which.Errors.Should().ContainKey("text");
        (await owner.Client.GetRoomAsync(room.Id)).LastSeq.Should().Be(0);
    }

    private static string Mention(string name, TestUser user) => $"@[{name}]({user.Id})";
}
