using Platform.Hubs.Presence;
using Platform.IntegrationTests.Infrastructure;

namespace Platform.IntegrationTests.RealTime;

public sealed class PresenceTests(RealTimeFixture hosts) : IClassFixture<RealTimeFixture>
{
    [Fact]
    public async Task A_user_sees_another_come_online_and_go_offline_on_another_host()
    {
        var a = await hosts.First.CreateUserAsync();
        var b = await hosts.First.CreateUserAsync();
        await using var watching = await LiveConnection.OpenAsync(hosts.First, b);

        var first = await LiveConnection.OpenAsync(hosts.Second, a);
        var joined = await watching.Presence.WaitForAsync(c => c.UserId == a.Id.ToString() && c.Online);
        await using (var second = await LiveConnection.OpenAsync(hosts.First, a))
            (await watching.GetOnlineUsersAsync()).Should().ContainSingle(u => u.UserId == a.Id.ToString());
        await first.DisposeAsync();
        var left = await watching.Presence.WaitForAsync(c => c.UserId == a.Id.ToString() && !c.Online);

        joined.DisplayName.Should().Be(a.Email.Split('@')[0]);
        left.DisplayName.Should().Be(joined.DisplayName);
        watching.Presence.Items.Where(c => c.UserId == a.Id.ToString()).Should().HaveCount(2, "a second connection of someone online is no news");
        (await watching.GetOnlineUsersAsync()).Should().NotContain(u => u.UserId == a.Id.ToString())
            .And.Contain(u => u.UserId == b.Id.ToString());
    }

    [Fact]
    public async Task A_connection_of_a_dead_host_drops_out_of_presence_once_it_expires()
    {
        var b = await hosts.First.CreateUserAsync();
        await using var watching = await LiveConnection.OpenAsync(hosts.First, b);
        var ghost = Guid.NewGuid().ToString();

        // As a host that recorded a connection and then died: nobody vouches for it again.
        await hosts.Second.Service<IPresenceStore>().ConnectedAsync(ghost, "ghost", $"dead-host-connection-{ghost}");
        (await watching.GetOnlineUsersAsync()).Should().Contain(u => u.UserId == ghost);

        var left = await watching.Presence.WaitForAsync(c => c.UserId == ghost && !c.Online, RealTimeFixture.PresenceExpiry * 4);

        left.DisplayName.Should().Be("ghost");
        (await watching.GetOnlineUsersAsync()).Should().NotContain(u => u.UserId == ghost);
    }

    [Fact]
    public async Task Two_platforms_sharing_one_Redis_each_see_only_their_own_users_online()
    {
        await using var other = await PlatformApplication.StartAsync("other-platform");
        var here = await hosts.First.CreateUserAsync();
        var there = await other.CreateUserAsync();
        await using var hereLive = await LiveConnection.OpenAsync(hosts.First, here);
        await using var thereLive = await LiveConnection.OpenAsync(other, there);

        await thereLive.Presence.WaitForAsync(c => c.UserId == there.Id.ToString() && c.Online);
        await hereLive.Presence.WaitForAsync(c => c.UserId == here.Id.ToString() && c.Online);

        (await hereLive.GetOnlineUsersAsync()).Should().Contain(u => u.UserId == here.Id.ToString())
            .And.NotContain(u => u.UserId == there.Id.ToString());
        (await thereLive.GetOnlineUsersAsync()).Should().Contain(u => u.UserId == there.Id.ToString())
            .And.NotContain(u => u.UserId == here.Id.ToString());
        hereLive.Presence.Items.Should().NotContain(c => c.UserId == there.Id.ToString(), "the other platform's announcements stay on its channels");
    }
}
