using Npgsql;
using Platform.Client;
using Platform.Contracts.Rooms;
using Platform.IntegrationTests.Infrastructure;
using Platform.IntegrationTests.RealTime;
using Platform.Storage.Rooms;
using Weasel.Core;
using Weasel.Postgresql.Tables;

namespace Platform.IntegrationTests.Rooms;

/// <summary>Full-text search over stored messages: in every room the caller may read and nowhere else, best matches first.</summary>
public sealed class MessageSearchTests(RealTimeFixture hosts) : IClassFixture<RealTimeFixture>
{
    [Fact]
    public async Task A_word_finds_its_other_forms_and_the_best_matches_come_first_then_the_newest()
    {
        var (owner, room) = await RoomAsync(RoomVisibility.Private);
        var often = await owner.Client.PostRoomMessageAsync(room.Id, "deploy the api, deploy the workers, then deploy the dashboard");
        var failed = await owner.Client.PostRoomMessageAsync(room.Id, "two deploys failed overnight");
        var planned = await owner.Client.PostRoomMessageAsync(room.Id, "deployment planned for friday");
        await owner.Client.PostRoomMessageAsync(room.Id, "nothing to see here");

        var found = await owner.Client.SearchMessagesAsync("deployed", roomId: room.Id);

        found.Items.Select(h => h.Message.Id).Should().Equal([often.Id, planned.Id, failed.Id],
            "stemming finds every form of the word; three mentions rank first, and the two single ones tie, newest first");
        found.Total.Should().Be(3);
        found.Items.Should().OnlyContain(h => h.RoomId == room.Id && h.RoomName == room.Name);
    }

    [Fact]
    public async Task Quotes_keep_a_phrase_together_and_a_minus_leaves_a_word_out()
    {
        var (owner, room) = await RoomAsync(RoomVisibility.Private);
        var phrase = await owner.Client.PostRoomMessageAsync(room.Id, "the render farm is busy");
        var apart = await owner.Client.PostRoomMessageAsync(room.Id, "render the frames on the farm");
        var gpus = await owner.Client.PostRoomMessageAsync(room.Id, "the render farm needs gpus");

        (await owner.Client.SearchMessagesAsync("\"render farm\"", roomId: room.Id)).Items.Select(h => h.Message.Id)
            .Should().BeEquivalentTo([phrase.Id, gpus.Id]);
        (await owner.Client.SearchMessagesAsync("render farm", roomId: room.Id)).Items.Select(h => h.Message.Id)
            .Should().BeEquivalentTo([phrase.Id, apart.Id, gpus.Id]);
        (await owner.Client.SearchMessagesAsync("\"render farm\" -gpus", roomId: room.Id)).Items.Select(h => h.Message.Id)
            .Should().Equal(phrase.Id);
        (await owner.Client.SearchMessagesAsync("-gpus", roomId: room.Id)).Items.Should().BeEmpty("left-out words alone find nothing");
    }

    [Fact]
    public async Task A_stranger_never_finds_a_private_rooms_messages_even_by_their_exact_words_but_finds_a_public_rooms()
    {
        var word = UniqueWord();
        var (owner, privateRoom) = await RoomAsync(RoomVisibility.Private);
        var member = await hosts.First.CreateUserAsync();
        await owner.Client.AddRoomMemberAsync(privateRoom.Id, member.Id);
        var secret = await owner.Client.PostRoomMessageAsync(privateRoom.Id, $"the launch code is {word}");
        var (lobbyOwner, lobby) = await RoomAsync(RoomVisibility.Public);
        var shared = await lobbyOwner.Client.PostRoomMessageAsync(lobby.Id, $"everyone may read {word}");
        var stranger = await hosts.First.CreateUserAsync();

        var strangers = await hosts.Second.ClientFor(stranger).SearchMessagesAsync($"the launch code is {word}");
        var strangersWord = await stranger.Client.SearchMessagesAsync(word);
        var strangersInRoom = await stranger.Client.SearchMessagesAsync(word, roomId: privateRoom.Id);
        var members = await member.Client.SearchMessagesAsync(word);

        strangers.Items.Should().BeEmpty("another user's private room is as absent as an unknown one");
        strangers.Total.Should().Be(0, "the total counts only what the caller may read");
        strangersWord.Items.Select(h => h.Message.Id).Should().Equal([shared.Id], "a public room is read by anyone signed in, member or not");
        strangersInRoom.Items.Should().BeEmpty("naming the private room does not open it");
        members.Items.Select(h => h.Message.Id).Should().BeEquivalentTo([secret.Id, shared.Id]);
        members.Items.Single(h => h.Message.Id == secret.Id).RoomName.Should().Be(privateRoom.Name);
    }

    [Fact]
    public async Task A_search_narrows_to_one_room_one_author_and_a_time_span()
    {
        var word = UniqueWord();
        var (owner, room) = await RoomAsync(RoomVisibility.Private);
        var (_, other) = await RoomAsync(RoomVisibility.Private, owner);
        var member = await hosts.First.CreateUserAsync();
        await owner.Client.AddRoomMemberAsync(room.Id, member.Id);
        var first = await owner.Client.PostRoomMessageAsync(room.Id, $"{word} one");
        var second = await member.Client.PostRoomMessageAsync(room.Id, $"{word} two");
        var third = await owner.Client.PostRoomMessageAsync(other.Id, $"{word} three");

        (await owner.Client.SearchMessagesAsync(word)).Items.Select(h => h.Message.Id).Should().BeEquivalentTo([first.Id, second.Id, third.Id]);
        (await owner.Client.SearchMessagesAsync(word, roomId: room.Id)).Items.Select(h => h.Message.Id).Should().Equal(second.Id, first.Id);
        (await owner.Client.SearchMessagesAsync(word, authorId: member.Id)).Items.Select(h => h.Message.Id).Should().Equal(second.Id);
        (await owner.Client.SearchMessagesAsync(word, from: second.SentAt)).Items.Select(h => h.Message.Id)
            .Should().Equal([third.Id, second.Id], "from includes its moment");
        (await owner.Client.SearchMessagesAsync(word, to: second.SentAt)).Items.Select(h => h.Message.Id)
            .Should().Equal([first.Id], "to leaves its moment out");
        var paged = await owner.Client.SearchMessagesAsync(word, page: 2, pageSize: 2);
        paged.Items.Select(h => h.Message.Id).Should().Equal([first.Id], "all three tie, so the oldest is last");
        paged.Total.Should().Be(3);
    }

    [Fact]
    public async Task A_deleted_message_is_never_found_and_an_edited_one_is_found_by_its_new_words_only()
    {
        var (owner, room) = await RoomAsync(RoomVisibility.Public);
        var deleted = await owner.Client.PostRoomMessageAsync(room.Id, "the password is swordfish");
        var edited = await owner.Client.PostRoomMessageAsync(room.Id, "meet at the lighthouse");
        await owner.Client.DeleteRoomMessageAsync(deleted.Id);
        await owner.Client.EditRoomMessageAsync(edited.Id, "meet at the harbour");

        (await owner.Client.SearchMessagesAsync("swordfish", roomId: room.Id)).Items.Should().BeEmpty();
        (await owner.Client.SearchMessagesAsync("lighthouse", roomId: room.Id)).Items.Should().BeEmpty();
        (await owner.Client.SearchMessagesAsync("harbour", roomId: room.Id)).Items.Should().ContainSingle()
            .Which.Message.Text.Should().Be("meet at the harbour");
    }

    [Fact]
    public async Task The_snippet_is_plain_text_with_the_ranges_of_the_matched_words()
    {
        var (owner, room) = await RoomAsync(RoomVisibility.Private);
        var text = "ship <b>it</b> when the renders finish & <script>alert(1)</script> [[not a mark]]";
        await owner.Client.PostRoomMessageAsync(room.Id, text);
        var filler = string.Join(' ', Enumerable.Repeat("lorem ipsum dolor sit amet", 60));
        var longOne = await owner.Client.PostRoomMessageAsync(room.Id, $"{filler} the nightly render is done {filler}");

        var hits = (await owner.Client.SearchMessagesAsync("rendering finished", roomId: room.Id)).Items;
        var longHit = (await owner.Client.SearchMessagesAsync("render", roomId: room.Id)).Items.Single(h => h.Message.Id == longOne.Id);

        var hit = hits.Should().ContainSingle().Subject;
        hit.Snippet.Should().Be(text, "a short message is its own snippet, markup and all, as text");
        hit.Highlights.Select(r => hit.Snippet.Substring(r.Start, r.Length)).Should().Equal("renders", "finish");
        longHit.Snippet.Length.Should().BeLessThan(longOne.Text.Length / 4, "a long message is cut to the passage around the match");
        longHit.Highlights.Select(r => longHit.Snippet.Substring(r.Start, r.Length)).Should().Equal("render");
    }

    [Fact]
    public async Task Bad_search_input_is_refused_naming_the_field()
    {
        var user = await hosts.First.CreateUserAsync();

        foreach (var (field, search) in new (string, Func<Task>)[]
        {
            ("q", () => user.Client.SearchMessagesAsync("   ")),
            ("q", () => user.Client.SearchMessagesAsync(new string('w', 201))),
            ("from", () => user.Client.SearchMessagesAsync("word", from: DateTimeOffset.UtcNow, to: DateTimeOffset.UtcNow.AddDays(-1))),
            ("page", () => user.Client.SearchMessagesAsync("word", page: 0)),
            ("pageSize", () => user.Client.SearchMessagesAsync("word", pageSize: 1000)),
        })
            (await search.Should().ThrowAsync<PlatformApiException>()).Which.Errors.Should().ContainKey(field);
        foreach (var (field, query) in new[] { ("roomId", "roomId=general"), ("authorId", "authorId=me"), ("from", "from=yesterday"), ("to", "to=soon") })
        {
            using var http = new HttpClient { BaseAddress = hosts.First.ClientOptions.BaseAddress };
            http.DefaultRequestHeaders.Authorization = new("Bearer", user.Tokens.AccessToken);
            using var response = await http.GetAsync($"/api/v1/messages/search?q=word&{query}");
            response.StatusCode.Should().Be(System.Net.HttpStatusCode.BadRequest, query);
            (await response.Content.ReadAsStringAsync()).Should().Contain($"\"{field}\"", query);
        }
    }

    [Fact]
    public async Task A_host_starting_again_finds_the_search_index_as_it_was_left()
    {
        var messages = RoomTables.All().Single(t => t.Identifier.Name == "room_messages");
        await using var connection = await hosts.First.Service<NpgsqlDataSource>().OpenConnectionAsync();

        var delta = await messages.FindDeltaAsync(connection);

        delta.Difference.Should().Be(SchemaPatchDifference.None, "an index that seems changed is dropped and built again at every start");
        messages.Indexes.Should().Contain(i => i.Name == "ix_room_messages_search" && i.Method == IndexMethod.gin);
    }

    private async Task<(TestUser Owner, Room Room)> RoomAsync(RoomVisibility visibility, TestUser? owner = null)
    {
        owner ??= await hosts.First.CreateUserAsync();
        var room = await owner.Client.CreateRoomAsync(new CreateRoomRequest($"room {Guid.NewGuid():N}", Visibility: visibility));
        return (owner, room);
    }

    // A word no other test posts: the search spans every room the caller may read, public rooms of other tests included.
    private static string UniqueWord() => "zq" + new string(Guid.NewGuid().ToString("N")[..10].Select(c => (char)('a' + c % 16)).ToArray());
}
