using System.Net;
using Platform.Client;
using Platform.Contracts.Rooms;
using Platform.IntegrationTests.Infrastructure;

namespace Platform.IntegrationTests.Rooms;

public sealed class RoomLimitsFixture() : PlatformFixture("room-limits", new Dictionary<string, string?>
{
    ["Rooms:MaxRoomsPerUser"] = "2",
    ["Rooms:MaxMembersPerRoom"] = "2",
});

/// <summary>Rooms per owner and members per room are limits with settings: past them nothing is stored.</summary>
public sealed class RoomLimitTests(RoomLimitsFixture platform) : IClassFixture<RoomLimitsFixture>
{
    private readonly PlatformApplication _application = platform.Application;

    [Fact]
    public async Task A_user_owns_at_most_Rooms_MaxRoomsPerUser_rooms_and_concurrent_creates_cannot_pass_it()
    {
        var owner = await _application.CreateUserAsync();

        var creates = await Task.WhenAll(Enumerable.Range(1, 4).Select(async i =>
        {
            try
            {
                await owner.Client.CreateRoomAsync(new CreateRoomRequest($"room {i}"));
                return (HttpStatusCode?)null;
            }
            catch (PlatformApiException e)
            {
                return e.Status;
            }
        }));

        creates.Count(status => status is null).Should().Be(2);
        creates.Where(status => status is not null).Should().OnlyContain(status => status == HttpStatusCode.Conflict);
        (await owner.Client.ListMyRoomsAsync()).Should().HaveCount(2);
    }

    [Fact]
    public async Task A_room_takes_at_most_Rooms_MaxMembersPerRoom_members()
    {
        var (owner, first, second) = (await _application.CreateUserAsync(), await _application.CreateUserAsync(), await _application.CreateUserAsync());
        var room = await owner.Client.CreateRoomAsync(new CreateRoomRequest("small", Visibility: RoomVisibility.Public));
        await owner.Client.AddRoomMemberAsync(room.Id, first.Id);

        var add = () => owner.Client.AddRoomMemberAsync(room.Id, second.Id);
        var join = () => second.Client.JoinRoomAsync(room.Id);

        (await add.Should().ThrowAsync<PlatformApiException>()).Which.Status.Should().Be(HttpStatusCode.Conflict);
        (await join.Should().ThrowAsync<PlatformApiException>()).Which.Status.Should().Be(HttpStatusCode.Conflict);
        (await owner.Client.ListRoomMembersAsync(room.Id)).Select(m => m.UserId).Should().BeEquivalentTo([owner.Id, first.Id]);
    }
}
