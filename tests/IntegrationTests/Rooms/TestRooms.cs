using System.Net;
using Platform.Client;
using Platform.Contracts.Rooms;
using Platform.IntegrationTests.Infrastructure;

namespace Platform.IntegrationTests.Rooms;

public static class TestRooms
{
    /// <summary>A new private room of a new owner, with a new member in it.</summary>
    public static async Task<(TestUser Owner, TestUser Member, Room Room)> PrivateRoomWithMemberAsync(this PlatformApplication host)
    {
        var owner = await host.CreateUserAsync();
        var member = await host.CreateUserAsync();
        var room = await owner.Client.CreateRoomAsync(new CreateRoomRequest($"team {Guid.NewGuid():N}", "work talk"));
        await owner.Client.AddRoomMemberAsync(room.Id, member.Id);
        return (owner, member, room);
    }

    /// <summary>A new public room of a new owner, with a new member who joined it.</summary>
    public static async Task<(TestUser Owner, TestUser Member, Room Room)> PublicRoomWithMemberAsync(this PlatformApplication host)
    {
        var owner = await host.CreateUserAsync();
        var member = await host.CreateUserAsync();
        var room = await owner.Client.CreateRoomAsync(new CreateRoomRequest($"lobby {Guid.NewGuid():N}", Visibility: RoomVisibility.Public));
        await member.Client.JoinRoomAsync(room.Id);
        return (owner, member, room);
    }

    /// <summary>The call is refused with <paramref name="status"/>.</summary>
    public static async Task ShouldRefuseAsync(Func<Task> call, HttpStatusCode status) =>
        (await call.Should().ThrowAsync<PlatformApiException>()).Which.Status.Should().Be(status);
}
