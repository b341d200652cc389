using Platform.Hubs.Presence;

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
}
