using System.Net;
using Platform.Client;
using Platform.Contracts.Rooms;
using Platform.IntegrationTests.Infrastructure;

namespace Platform.IntegrationTests.Admin;

/// <summary>Admins see and manage every stored room (that users are forbidden these endpoints is the isolation test's).</summary>
public sealed class AdminRoomTests(AdminFixture fixture) : IClassFixture<AdminFixture>
{
    private PlatformApplication App => fixture.Application;

    private PlatformClient Admin => fixture.Admin.Client;

    [Fact]
    public async Task An_admin_finds_a_private_room_archives_it_removes_a_member_and_deletes_it_each_step_audited()
    {
        var (owner, member) = (await App.CreateUserAsync(), await App.CreateUserAsync());
        var name = $"back office {Guid.NewGuid():N}";
        var room = await owner.Client.CreateRoomAsync(new CreateRoomRequest(name));
        await owner.Client.AddRoomMemberAsync(room.Id, member.Id);
        await member.Client.PostRoomMessageAsync(room.Id, "spam spam spam");

        (await Admin.AdminListRoomsAsync(search: name)).Items.Should().ContainSingle().Which.Should().Match<Room>(r => r.Id == room.Id && r.Members == 2);
        (await Admin.AdminUpdateRoomAsync(room.Id, new UpdateRoomRequest(Archived: true))).ArchivedAt.Should().NotBeNull();
        var post = () => owner.Client.PostRoomMessageAsync(room.Id, "still here?");
        (await post.Should().ThrowAsync<PlatformApiException>()).Which.Status.Should().Be(HttpStatusCode.Forbidden, "an archived room is read-only");
        await Admin.AdminRemoveRoomMemberAsync(room.Id, member.Id);
        (await owner.Client.ListRoomMembersAsync(room.Id)).Should().ContainSingle().Which.UserId.Should().Be(owner.Id);
        var lastOwner = () => Admin.AdminRemoveRoomMemberAsync(room.Id, owner.Id);
        (await lastOwner.Should().ThrowAsync<PlatformApiException>()).Which.Status.Should().Be(HttpStatusCode.Conflict);
        await Admin.AdminDeleteRoomAsync(room.Id);

        var gone = () => owner.Client.GetRoomAsync(room.Id);
        (await gone.Should().ThrowAsync<PlatformApiException>()).Which.Status.Should().Be(HttpStatusCode.NotFound);
        var audit = await Admin.AdminReadAuditAsync(userId: fixture.Admin.Id, pageSize: 100);
        audit.Items.Where(e => e.Action.StartsWith("admin.room_") && e.Detail!.Contains(room.Id.ToString()))
            .Select(e => (e.Action, e.Succeeded)).Should().BeEquivalentTo([
                ("admin.room_changed", true), ("admin.room_member_removed", true), ("admin.room_member_removed", false), ("admin.room_deleted", true)]);
    }

    [Fact]
    public async Task An_unknown_room_is_not_found_and_nothing_is_audited()
    {
        var unknown = Guid.NewGuid();

        var delete = () => Admin.AdminDeleteRoomAsync(unknown);

        (await delete.Should().ThrowAsync<PlatformApiException>()).Which.Status.Should().Be(HttpStatusCode.NotFound);
        (await Admin.AdminReadAuditAsync(userId: fixture.Admin.Id, pageSize: 100)).Items.Should().NotContain(e => e.Detail != null && e.Detail.Contains(unknown.ToString()));
    }
}
