using Platform.IntegrationTests.Infrastructure;

namespace Platform.IntegrationTests.RealTime;

/// <summary>A host that starts while Redis cannot be reached.</summary>
public sealed class BackplaneStartTests
{
    [Fact]
    public async Task A_host_started_while_Redis_is_unreachable_serves_hub_broadcasts_once_Redis_is_back()
    {
        await using var relay = TcpRelay.ToRedis((await TestServers.Instance()).RedisConnectionString);
        relay.Cut();
        var starting = Task.Run(() => PlatformApplication.StartAsync("redis-late",
            new Dictionary<string, string?> { ["ConnectionStrings:Redis"] = relay.RedisConnectionString }));
        await Task.WhenAny(starting, Task.Delay(TimeSpan.FromSeconds(3)));
        relay.Restore();
        await using var host = await starting;
        var user = await host.CreateUserAsync();

        await using var live = await RecordingLiveConnection.StartAsync(host.ClientFor(user));

        (await live.Presence.WaitForAsync(c => c.UserId == user.Id.ToString() && c.Online)).Online.Should().BeTrue(
            "a broadcast to everyone, here the user's own arrival, reaches the host's connections");
    }
}
