using System.Net;
using Microsoft.AspNetCore.SignalR;
using Platform.Client;
using Platform.Contracts.Rooms;
using Platform.IntegrationTests.Infrastructure;
using Platform.IntegrationTests.RealTime;

namespace Platform.IntegrationTests.Rooms;

/// <summary>Stored rooms over two hosts of one database and Redis: messages kept, numbered, and delivered on every host.</summary>
public sealed class StoredRoomTests(RealTimeFixture hosts) : IClassFixture<RealTimeFixture>
{
    [Fact]
    public async Task Messages_posted_on_one_host_reach_a_member_watching_on_the_other_once_each_and_in_sequence()
    {
        var (owner, member, room) = await PrivateRoomWithMemberAsync();
        await using var watcher = await RecordingLiveConnection.StartAsync(hosts.Second.ClientFor(member));
        await watcher.Live.WatchRoomAsync(room.Id);

        // Posted at once from both hosts: the sequence is the order they were stored in, whichever host took them.
        await Task.WhenAll(Enumerable.Range(1, 8).Select(i =>
            (i % 2 == 0 ? owner.Client : hosts.Second.ClientFor(owner)).PostRoomMessageAsync(room.Id, $"message {i}")));

        await watcher.ChatMessages.WaitForAsync(m => m.Seq == 8);
        watcher.ChatMessages.Items.Select(m => m.Seq).Should().Equal(Enumerable.Range(1, 8).Select(i => (long)i));
        watcher.ChatMessages.Items.Select(m => m.Text).Should().BeEquivalentTo(Enumerable.Range(1, 8).Select(i => $"message {i}"));
        watcher.ChatMessages.Items.Should().OnlyContain(m => m.AuthorId == owner.Id && m.Kind == ChatMessageKind.User && m.RoomId == room.Id);
        (await member.Client.ListRoomMessagesAsync(room.Id)).Messages.Should().BeEquivalentTo(watcher.ChatMessages.Items, o => o.WithStrictOrdering());
    }

    [Fact]
    public async Task A_watcher_that_comes_back_after_the_last_message_it_saw_misses_nothing_and_gets_nothing_twice()
    {
        var (owner, member, room) = await PrivateRoomWithMemberAsync();
        long lastSeen;
        await using (var first = await RecordingLiveConnection.StartAsync(member.Client))
        {
            await first.Live.WatchRoomAsync(room.Id);
            for (var i = 1; i <= 3; i++)
                await owner.Client.PostRoomMessageAsync(room.Id, $"before {i}");
            lastSeen = (await first.ChatMessages.WaitForAsync(m => m.Seq == 3)).Seq;
        }
        for (var i = 1; i <= 4; i++)
            await owner.Client.PostRoomMessageAsync(room.Id, $"while away {i}");

        await using var back = await RecordingLiveConnection.StartAsync(hosts.Second.ClientFor(member));
        await back.Live.WatchRoomAsync(room.Id, afterSeq: lastSeen);
        await owner.Client.PostRoomMessageAsync(room.Id, "after");

        await back.ChatMessages.WaitForAsync(m => m.Text == "after");
        back.ChatMessages.Items.Select(m => m.Text).Should().Equal("while away 1", "while away 2", "while away 3", "while away 4", "after");
        back.ChatMessages.Items.Select(m => m.Seq).Should().Equal(4, 5, 6, 7, 8);
    }

    [Fact]
    public async Task After_its_host_restarts_the_sdk_resumes_a_watched_room_after_the_last_message_it_delivered()
    {
        var (owner, member, room) = await PrivateRoomWithMemberAsync();
        var sibling = hosts.First.StartSibling(hosts.HostSettings);
        await using var watcher = await RecordingLiveConnection.StartAsync(sibling.ClientFor(member));
        await watcher.Live.WatchRoomAsync(room.Id);
        await owner.Client.PostRoomMessageAsync(room.Id, "before the restart");
        await watcher.ChatMessages.WaitForAsync(m => m.Seq == 1);

        await sibling.DisposeAsync();
        await owner.Client.PostRoomMessageAsync(room.Id, "while the host was down");
        await using var restarted = sibling.Restart(hosts.HostSettings);
        await watcher.Reconnects.WaitForAsync(_ => true, TimeSpan.FromSeconds(60));
        await owner.Client.PostRoomMessageAsync(room.Id, "after the restart");

        await watcher.ChatMessages.WaitForAsync(m => m.Seq == 3);
        watcher.ChatMessages.Items.Select(m => m.Text).Should().Equal("before the restart", "while the host was down", "after the restart");
    }

    [Fact]
    public async Task A_member_typing_on_one_host_is_seen_by_the_others_on_the_other_and_a_stranger_cannot_type()
    {
        var (owner, member, room) = await PrivateRoomWithMemberAsync();
        var stranger = await hosts.First.CreateUserAsync();
        await using var watcher = await RecordingLiveConnection.StartAsync(hosts.Second.ClientFor(owner));
        await watcher.Live.WatchRoomAsync(room.Id);
        await using var typist = await RecordingLiveConnection.StartAsync(member.Client);
        await typist.Live.WatchRoomAsync(room.Id);
        await using var outsider = await RecordingLiveConnection.StartAsync(stranger.Client);

        await typist.Live.TypingInRoomAsync(room.Id);
        var strangerTypes = () => outsider.Live.TypingInRoomAsync(room.Id);

        (await watcher.RoomTypings.WaitForAsync(t => t.RoomId == room.Id)).UserId.Should().Be(member.Id);
        (await strangerTypes.Should().ThrowAsync<HubException>()).WithMessage("*not found*");
        typist.RoomTypings.Items.Should().BeEmpty("nobody is told of their own typing");
    }

    [Fact]
    public async Task History_comes_in_pages_of_the_newest_then_before_or_after_a_sequence_number()
    {
        var (owner, _, room) = await PrivateRoomWithMemberAsync();
        for (var i = 1; i <= 7; i++)
            await owner.Client.PostRoomMessageAsync(room.Id, $"m{i}");

        var newest = await owner.Client.ListRoomMessagesAsync(room.Id, limit: 3);
        newest.Messages.Select(m => m.Text).Should().Equal("m5", "m6", "m7");
        newest.After.Should().BeNull("it ends at the newest");
        var older = await owner.Client.ListRoomMessagesAsync(room.Id, before: newest.Before, limit: 3);
        older.Messages.Select(m => m.Text).Should().Equal("m2", "m3", "m4");
        var oldest = await owner.Client.ListRoomMessagesAsync(room.Id, before: older.Before, limit: 3);
        oldest.Messages.Select(m => m.Text).Should().Equal("m1");
        oldest.Before.Should().BeNull("nothing is older than the first message");
        var around = await owner.Client.ListRoomMessagesAsync(room.Id, after: 3, limit: 2);
        around.Messages.Select(m => m.Seq).Should().Equal(4, 5);
        around.After.Should().Be(5);
    }

    [Fact]
    public async Task Authors_edit_their_messages_and_moderators_delete_others_and_watchers_see_both()
    {
        var (owner, member, room) = await PrivateRoomWithMemberAsync();
        await using var watcher = await RecordingLiveConnection.StartAsync(hosts.Second.ClientFor(owner));
        await watcher.Live.WatchRoomAsync(room.Id);
        var posted = await member.Client.PostRoomMessageAsync(room.Id, "frist");

        var edited = await member.Client.EditRoomMessageAsync(posted.Id, "first");
        var othersEdit = () => owner.Client.EditRoomMessageAsync(posted.Id, "hijacked");
        (await othersEdit.Should().ThrowAsync<PlatformApiException>()).Which.Status.Should().Be(HttpStatusCode.Forbidden);
        var deleted = await owner.Client.DeleteRoomMessageAsync(posted.Id);

        edited.Text.Should().Be("first");
        edited.EditedAt.Should().NotBeNull();
        deleted.Deleted.Should().BeTrue();
        deleted.Text.Should().BeEmpty("a deleted message keeps its place, not its text");
        await watcher.ChatChanges.WaitForAsync(m => m.Deleted);
        watcher.ChatChanges.Items.Select(m => (m.Text, m.Deleted)).Should().Equal(("first", false), ("", true));
        (await member.Client.ListRoomMessagesAsync(room.Id)).Messages.Should().ContainSingle().Which.Deleted.Should().BeTrue();
    }

    [Fact]
    public async Task A_member_cannot_delete_anothers_message_and_nobody_posts_to_an_archived_room()
    {
        var (owner, member, room) = await PrivateRoomWithMemberAsync();
        var ownersMessage = await owner.Client.PostRoomMessageAsync(room.Id, "mine");

        var delete = () => member.Client.DeleteRoomMessageAsync(ownersMessage.Id);
        (await delete.Should().ThrowAsync<PlatformApiException>()).Which.Status.Should().Be(HttpStatusCode.Forbidden);
        await owner.Client.UpdateRoomAsync(room.Id, new UpdateRoomRequest(Archived: true));
        var post = () => member.Client.PostRoomMessageAsync(room.Id, "too late");
        (await post.Should().ThrowAsync<PlatformApiException>()).Which.Status.Should().Be(HttpStatusCode.Forbidden);

        (await member.Client.ListRoomMessagesAsync(room.Id)).Messages.Should().ContainSingle().Which.Text.Should().Be("mine");
    }

    [Fact]
    public async Task Anyone_finds_and_joins_a_public_room_and_leaves_it_again()
    {
        var owner = await hosts.First.CreateUserAsync();
        var passerby = await hosts.First.CreateUserAsync();
        var name = $"lobby {Guid.NewGuid():N}";
        var room = await owner.Client.CreateRoomAsync(new CreateRoomRequest(name, "say hello", RoomVisibility.Public));

        (await passerby.Client.ListPublicRoomsAsync(search: name)).Items.Should().ContainSingle(r => r.Id == room.Id);
        var before = () => passerby.Client.PostRoomMessageAsync(room.Id, "hi");
        (await before.Should().ThrowAsync<PlatformApiException>()).Which.Status.Should().Be(HttpStatusCode.Forbidden, "members post; others only read");
        (await passerby.Client.JoinRoomAsync(room.Id)).Role.Should().Be(RoomRole.Member);
        await passerby.Client.PostRoomMessageAsync(room.Id, "hi");
        await passerby.Client.LeaveRoomAsync(room.Id);

        (await passerby.Client.ListMyRoomsAsync()).Should().NotContain(r => r.Id == room.Id);
        (await owner.Client.ListRoomMembersAsync(room.Id)).Should().ContainSingle().Which.UserId.Should().Be(owner.Id);
    }

    [Fact]
    public async Task A_removed_member_stops_hearing_the_room_at_once_and_the_last_owner_cannot_leave()
    {
        var (owner, member, room) = await PrivateRoomWithMemberAsync();
        await using var watcher = await RecordingLiveConnection.StartAsync(hosts.Second.ClientFor(member));
        await watcher.Live.WatchRoomAsync(room.Id);

        await owner.Client.RemoveRoomMemberAsync(room.Id, member.Id);
        (await watcher.RoomsLeft.WaitForAsync(l => l.RoomId == room.Id)).Reason.Should().Be("removed");
        await owner.Client.PostRoomMessageAsync(room.Id, "after you left");
        var rewatch = () => watcher.Live.WatchRoomAsync(room.Id);
        (await rewatch.Should().ThrowAsync<HubException>()).WithMessage("*not found*", "a private room is absent to someone no longer in it");
        var leave = () => owner.Client.LeaveRoomAsync(room.Id);
        (await leave.Should().ThrowAsync<PlatformApiException>()).Which.Status.Should().Be(HttpStatusCode.Conflict);

        watcher.ChatMessages.Items.Should().BeEmpty();
    }

    [Fact]
    public async Task An_admin_who_stops_watching_the_overview_still_hears_the_rooms_they_watch()
    {
        var room = await hosts.Admin.Client.CreateRoomAsync(new CreateRoomRequest($"ops {Guid.NewGuid():N}"));
        await using var admin = await RecordingLiveConnection.StartAsync(hosts.Second.ClientFor(hosts.Admin));
        await admin.Live.WatchRoomAsync(room.Id);
        await admin.Live.WatchOverviewAsync();

        await admin.Live.UnwatchOverviewAsync();
        await hosts.Admin.Client.PostRoomMessageAsync(room.Id, "still watched");

        (await admin.ChatMessages.WaitForAsync(m => m.RoomId == room.Id)).Text.Should().Be("still watched");
    }

    [Fact]
    public async Task A_non_member_of_a_public_room_sees_who_its_members_are_and_their_roles_but_only_members_see_read_markers()
    {
        var (owner, member, room) = await hosts.First.PublicRoomWithMemberAsync();
        var passerby = await hosts.First.CreateUserAsync();
        await owner.Client.PostRoomMessageAsync(room.Id, "read me");
        await member.Client.MarkRoomReadAsync(room.Id, 1);

        var seenByPasserby = await passerby.Client.ListRoomMembersAsync(room.Id);
        var seenByMember = await member.Client.ListRoomMembersAsync(room.Id);

        seenByPasserby.Select(m => (m.UserId, m.Role)).Should().BeEquivalentTo([(owner.Id, RoomRole.Owner), (member.Id, RoomRole.Member)]);
        seenByPasserby.Should().OnlyContain(m => m.LastReadSeq == null && m.DisplayName != "", "names, not read markers");
        seenByMember.Single(m => m.UserId == member.Id).LastReadSeq.Should().Be(1);
        seenByMember.Single(m => m.UserId == owner.Id).LastReadSeq.Should().Be(0);
    }

    [Fact]
    public async Task A_former_member_no_longer_edits_deletes_or_reacts_in_the_room_and_their_messages_stay_theirs()
    {
        var (owner, former, room) = await hosts.First.PublicRoomWithMemberAsync();
        var mine = await former.Client.PostRoomMessageAsync(room.Id, "mine");
        await former.Client.AddReactionAsync(mine.Id, "👍");

        await owner.Client.RemoveRoomMemberAsync(room.Id, former.Id);

        await TestRooms.ShouldRefuseAsync(() => former.Client.EditRoomMessageAsync(mine.Id, "rewritten after leaving"), HttpStatusCode.Forbidden);
        await TestRooms.ShouldRefuseAsync(() => former.Client.DeleteRoomMessageAsync(mine.Id), HttpStatusCode.Forbidden);
        await TestRooms.ShouldRefuseAsync(() => former.Client.RemoveReactionAsync(mine.Id, "👍"), HttpStatusCode.Forbidden);
        var history = (await former.Client.ListRoomMessagesAsync(room.Id)).Messages;
        history.Should().ContainSingle().Which.Should().BeEquivalentTo(mine with { Reactions = [new MessageReaction("👍", 1, Mine: true)] },
            "their message stays, attributed to them, with their reaction");
    }

    [Fact]
    public async Task Unread_counts_what_others_posted_after_the_read_marker()
    {
        var (owner, member, room) = await PrivateRoomWithMemberAsync();
        for (var i = 1; i <= 3; i++)
            await owner.Client.PostRoomMessageAsync(room.Id, $"news {i}");
        await member.Client.PostRoomMessageAsync(room.Id, "my own reply");

        (await member.Client.ListMyRoomsAsync()).Single(r => r.Id == room.Id).Unread.Should().Be(3);
        (await member.Client.MarkRoomReadAsync(room.Id, 2)).Unread.Should().Be(1);
        (await member.Client.MarkRoomReadAsync(room.Id, 1)).Unread.Should().Be(1, "a read marker never moves back");
        (await owner.Client.GetRoomAsync(room.Id)).Unread.Should().Be(1, "the owner's own messages are not unread to them");
    }

    [Fact]
    public async Task Bad_input_is_refused_naming_the_field_and_nothing_is_stored()
    {
        var (owner, _, room) = await PrivateRoomWithMemberAsync();

        var noName = () => owner.Client.CreateRoomAsync(new CreateRoomRequest("  "));
        (await noName.Should().ThrowAsync<PlatformApiException>()).Which.Errors.Should().ContainKey("name");
        var overlong = () => owner.Client.PostRoomMessageAsync(room.Id, new string('x', 4001));
        (await overlong.Should().ThrowAsync<PlatformApiException>()).Which.Errors.Should().ContainKey("text");
        var badPage = () => owner.Client.ListRoomMessagesAsync(room.Id, limit: 1000);
        (await badPage.Should().ThrowAsync<PlatformApiException>()).Which.Errors.Should().ContainKey("limit");
        var badRetention = () => owner.Client.UpdateRoomAsync(room.Id, new UpdateRoomRequest(RetentionDays: -1));
        (await badRetention.Should().ThrowAsync<PlatformApiException>()).Which.Errors.Should().ContainKey("retentionDays");

        (await owner.Client.ListRoomMessagesAsync(room.Id)).Messages.Should().BeEmpty();
        (await owner.Client.GetRoomAsync(room.Id)).RetentionDays.Should().BeNull();
    }

    [Fact]
    public async Task A_member_posting_more_than_ten_messages_a_second_to_a_room_is_refused_and_the_refused_are_not_stored()
    {
        var (owner, _, room) = await PrivateRoomWithMemberAsync();
        // The SDK would send a refused post again after a pause; this client takes the first answer.
        var once = new PlatformClient(hosts.First.ClientOptions.BaseAddress, PlatformCredentials.Bearer(owner.Tokens.AccessToken)) { Retries = RetryPolicy.None };

        // All at once, so the burst lands within a second even on a slow machine.
        var posts = await Task.WhenAll(Enumerable.Range(0, 15).Select(async i =>
        {
            try
            {
                await once.PostRoomMessageAsync(room.Id, $"burst {i}");
                return (HttpStatusCode?)null;
            }
            catch (PlatformApiException e)
            {
                return e.Status;
            }
        }));

        var refused = posts.Where(status => status is not null).ToList();
        refused.Should().NotBeEmpty().And.OnlyContain(status => status == HttpStatusCode.TooManyRequests);
        (await owner.Client.GetRoomAsync(room.Id)).LastSeq.Should().Be(15 - refused.Count);
    }

    private Task<(TestUser Owner, TestUser Member, Room Room)> PrivateRoomWithMemberAsync() => hosts.First.PrivateRoomWithMemberAsync();
}
