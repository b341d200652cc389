using System.Net;
using Platform.Client;
using Platform.Contracts.Rooms;
using Platform.IntegrationTests.Infrastructure;
using Platform.IntegrationTests.RealTime;

namespace Platform.IntegrationTests.Rooms;

/// <summary>Reactions to stored messages: once per user and emoji, counted in history and pushed to watchers on every host.</summary>
public sealed class ReactionTests(RealTimeFixture hosts) : IClassFixture<RealTimeFixture>
{
    private const string ThumbsUp = "👍";
    private const string Party = "🎉";

    [Fact]
    public async Task A_reaction_is_counted_once_per_user_and_emoji_and_taken_back_again()
    {
        var (owner, member, room) = await hosts.First.PrivateRoomWithMemberAsync();
        var message = await owner.Client.PostRoomMessageAsync(room.Id, "ship it?");

        await member.Client.AddReactionAsync(message.Id, ThumbsUp);
        var again = await member.Client.AddReactionAsync(message.Id, ThumbsUp);
        var owners = await owner.Client.AddReactionAsync(message.Id, ThumbsUp);
        await owner.Client.AddReactionAsync(message.Id, ":shipit:");

        again.Reactions.Should().Equal(new MessageReaction(ThumbsUp, 1, Mine: true));
        owners.Reactions.Should().Equal(new MessageReaction(ThumbsUp, 2, Mine: true));
        var taken = await member.Client.RemoveReactionAsync(message.Id, ThumbsUp);
        taken.Reactions.Should().Equal(new MessageReaction(ThumbsUp, 1, Mine: false), new MessageReaction(":shipit:", 1, Mine: false));
        (await member.Client.RemoveReactionAsync(message.Id, ThumbsUp)).Reactions.Should().BeEquivalentTo(taken.Reactions, "taking back twice is no change");
    }

    [Fact]
    public async Task History_pages_carry_each_messages_reactions_in_the_order_first_given_with_mine_as_the_reader_sees_them()
    {
        var (owner, member, room) = await hosts.First.PrivateRoomWithMemberAsync();
        var first = await owner.Client.PostRoomMessageAsync(room.Id, "first");
        var second = await owner.Client.PostRoomMessageAsync(room.Id, "second");
        await owner.Client.PostRoomMessageAsync(room.Id, "third, without reactions");
        await member.Client.AddReactionAsync(first.Id, Party);
        await owner.Client.AddReactionAsync(first.Id, ThumbsUp);
        await owner.Client.AddReactionAsync(first.Id, Party);
        await member.Client.AddReactionAsync(second.Id, ThumbsUp);

        var membersPage = await member.Client.ListRoomMessagesAsync(room.Id);
        var ownersPage = await owner.Client.ListRoomMessagesAsync(room.Id, after: 0, limit: 2);

        membersPage.Messages.Select(m => m.Reactions).Should().BeEquivalentTo(new[]
        {
            new[] { new MessageReaction(Party, 2, true), new MessageReaction(ThumbsUp, 1, false) },
            new[] { new MessageReaction(ThumbsUp, 1, true) },
            Array.Empty<MessageReaction>(),
        }, o => o.WithStrictOrdering());
        ownersPage.Messages.Select(m => m.Reactions).Should().BeEquivalentTo(new[]
        {
            new[] { new MessageReaction(Party, 2, true), new MessageReaction(ThumbsUp, 1, true) },
            new[] { new MessageReaction(ThumbsUp, 1, false) },
        }, o => o.WithStrictOrdering());
    }

    [Fact]
    public async Task A_reaction_reaches_watchers_on_the_other_host_as_the_message_as_it_is_now()
    {
        var (owner, member, room) = await hosts.First.PrivateRoomWithMemberAsync();
        var message = await owner.Client.PostRoomMessageAsync(room.Id, "lunch?");
        await using var ownersWatch = await RecordingLiveConnection.StartAsync(hosts.Second.ClientFor(owner));
        await ownersWatch.Live.WatchRoomAsync(room.Id);
        await using var membersWatch = await RecordingLiveConnection.StartAsync(hosts.Second.ClientFor(member));
        await membersWatch.Live.WatchRoomAsync(room.Id);
        await ownersWatch.ChatMessages.WaitForAsync(m => m.Id == message.Id);
        await membersWatch.ChatMessages.WaitForAsync(m => m.Id == message.Id);

        await member.Client.AddReactionAsync(message.Id, ThumbsUp);
        await member.Client.RemoveReactionAsync(message.Id, ThumbsUp);

        await ownersWatch.ChatChanges.WaitForAsync(m => m.Reactions is []);
        ownersWatch.ChatChanges.Items.Select(m => m.Reactions).Should().BeEquivalentTo(
            new[] { new[] { new MessageReaction(ThumbsUp, 1, Mine: null) }, [] }, o => o.WithStrictOrdering(),
            "a change sent to every watcher alike does not say whose it is");
        ownersWatch.ChatChanges.Items.Should().OnlyContain(m => m.Id == message.Id && m.Text == "lunch?");
        await membersWatch.ChatChanges.WaitForAsync(m => m.Reactions is []);
        membersWatch.ChatChanges.Items[0].Reactions.Should().Equal([new MessageReaction(ThumbsUp, 1, Mine: true)], "the reactor's connections are told it is theirs");
    }

    [Fact]
    public async Task A_watcher_catching_up_gets_stored_messages_with_their_reactions_and_its_own_marked_mine()
    {
        var (owner, member, room) = await hosts.First.PrivateRoomWithMemberAsync();
        var message = await owner.Client.PostRoomMessageAsync(room.Id, "while you were away");
        await member.Client.AddReactionAsync(message.Id, Party);
        await owner.Client.AddReactionAsync(message.Id, ThumbsUp);

        await using var watcher = await RecordingLiveConnection.StartAsync(hosts.Second.ClientFor(member));
        await watcher.Live.WatchRoomAsync(room.Id);

        (await watcher.ChatMessages.WaitForAsync(m => m.Id == message.Id)).Reactions.Should()
            .Equal(new MessageReaction(Party, 1, Mine: true), new MessageReaction(ThumbsUp, 1, Mine: false));
    }

    [Fact]
    public async Task Only_members_react_and_a_private_rooms_message_is_absent_to_others()
    {
        var (owner, _, room) = await hosts.First.PrivateRoomWithMemberAsync();
        var message = await owner.Client.PostRoomMessageAsync(room.Id, "members only");
        var stranger = await hosts.First.CreateUserAsync();
        var lobby = await owner.Client.CreateRoomAsync(new CreateRoomRequest($"lobby {Guid.NewGuid():N}", Visibility: RoomVisibility.Public));
        var lobbyMessage = await owner.Client.PostRoomMessageAsync(lobby.Id, "anyone may read this");

        await TestRooms.ShouldRefuseAsync(() => stranger.Client.AddReactionAsync(message.Id, ThumbsUp), HttpStatusCode.NotFound);
        await TestRooms.ShouldRefuseAsync(() => stranger.Client.AddReactionAsync(message.Id, "not an emoji"), HttpStatusCode.NotFound);
        await TestRooms.ShouldRefuseAsync(() => stranger.Client.AddReactionAsync(lobbyMessage.Id, ThumbsUp), HttpStatusCode.Forbidden);
        await stranger.Client.JoinRoomAsync(lobby.Id);
        (await stranger.Client.AddReactionAsync(lobbyMessage.Id, ThumbsUp)).Reactions.Should().ContainSingle();

        (await owner.Client.ListRoomMessagesAsync(room.Id)).Messages.Single().Reactions.Should().BeEmpty();
    }

    [Fact]
    public async Task Nobody_reacts_in_an_archived_room_or_to_a_deleted_message()
    {
        var (owner, member, room) = await hosts.First.PrivateRoomWithMemberAsync();
        var kept = await owner.Client.PostRoomMessageAsync(room.Id, "kept");
        var deleted = await owner.Client.PostRoomMessageAsync(room.Id, "deleted");
        await member.Client.AddReactionAsync(deleted.Id, ThumbsUp);

        (await owner.Client.DeleteRoomMessageAsync(deleted.Id)).Reactions.Should().BeEmpty("a deleted message keeps no reactions");
        await TestRooms.ShouldRefuseAsync(() => member.Client.AddReactionAsync(deleted.Id, Party), HttpStatusCode.Conflict);
        await member.Client.AddReactionAsync(kept.Id, ThumbsUp);
        await owner.Client.UpdateRoomAsync(room.Id, new UpdateRoomRequest(Archived: true));
        await TestRooms.ShouldRefuseAsync(() => member.Client.AddReactionAsync(kept.Id, Party), HttpStatusCode.Forbidden);
        await TestRooms.ShouldRefuseAsync(() => member.Client.RemoveReactionAsync(kept.Id, ThumbsUp), HttpStatusCode.Forbidden);

        (await member.Client.ListRoomMessagesAsync(room.Id)).Messages.Select(m => m.Reactions).Should().BeEquivalentTo(new[]
        {
            new[] { new MessageReaction(ThumbsUp, 1, Mine: true) },
            Array.Empty<MessageReaction>(),
        }, o => o.WithStrictOrdering());
    }

    [Theory]
    [InlineData("x")]
    [InlineData("👍 👍")]
    [InlineData(":Not A Name:")]
    public async Task What_is_not_one_emoji_or_a_short_name_is_refused_naming_the_emoji(string emoji)
    {
        var (owner, _, room) = await hosts.First.PrivateRoomWithMemberAsync();
        var message = await owner.Client.PostRoomMessageAsync(room.Id, "react to me");

        var react = () => owner.Client.AddReactionAsync(message.Id, emoji);

        (await react.Should().ThrowAsync<PlatformApiException>()).Which.Errors.Should().ContainKey("emoji");
        (await owner.Client.ListRoomMessagesAsync(room.Id)).Messages.Single().Reactions.Should().BeEmpty();
    }

    [Theory]
    [InlineData("👩🏽‍💻")]
    [InlineData("1️⃣")]
    [InlineData(":+1:")]
    public async Task Emojis_of_several_code_points_and_short_names_are_reactions(string emoji)
    {
        var (owner, _, room) = await hosts.First.PrivateRoomWithMemberAsync();
        var message = await owner.Client.PostRoomMessageAsync(room.Id, "react to me");

        (await owner.Client.AddReactionAsync(message.Id, emoji)).Reactions.Should().Equal(new MessageReaction(emoji, 1, Mine: true));
    }

    [Fact]
    public async Task A_message_takes_at_most_twenty_different_emojis_but_more_of_those_it_has()
    {
        var (owner, member, room) = await hosts.First.PrivateRoomWithMemberAsync();
        var message = await owner.Client.PostRoomMessageAsync(room.Id, "vote with any face");
        var faces = Enumerable.Range(0x1F600, 21).Select(char.ConvertFromUtf32).ToList();
        foreach (var face in faces.Take(20))
            await owner.Client.AddReactionAsync(message.Id, face);

        await TestRooms.ShouldRefuseAsync(() => member.Client.AddReactionAsync(message.Id, faces[20]), HttpStatusCode.Conflict);
        var more = await member.Client.AddReactionAsync(message.Id, faces[0]);

        more.Reactions.Should().HaveCount(20);
        more.Reactions![0].Should().Be(new MessageReaction(faces[0], 2, Mine: true));
    }
}
