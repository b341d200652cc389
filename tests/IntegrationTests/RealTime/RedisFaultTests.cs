using Platform.Client;
using Platform.Contracts.Jobs;
using Platform.Contracts.Rooms;
using Platform.IntegrationTests.Infrastructure;
using Platform.IntegrationTests.Jobs;
using Platform.IntegrationTests.Rooms;

namespace Platform.IntegrationTests.RealTime;

/// <summary>One host cut off from Redis while the others still reach it.</summary>
public sealed class RedisFaultTests
{
    [Fact]
    public async Task What_a_worker_stores_while_cut_off_from_Redis_reaches_watchers_on_other_hosts_once_it_is_back()
    {
        await using var relay = TcpRelay.ToRedis((await TestServers.Instance()).RedisConnectionString);
        await using var front = await PlatformApplication.StartAsync("redis-fault", new Dictionary<string, string?> { ["Jobs:RunWorkers"] = "false" });
        await using var worker = front.StartSibling(new Dictionary<string, string?> { ["ConnectionStrings:Redis"] = relay.RedisConnectionString });
        var client = await front.CreatePlatformClientAsync();
        var job = await client.SubmitAsync(CancelJobTests.LongGeneration(steps: 30));
        await using var watcher = await JobWatcher.StartAsync(client, job.Id);
        await watcher.WaitForAsync(e => e.Kind == JobEventKind.Progressed && !e.Transient);

        relay.Cut();
        try
        {
            await Eventually.HoldsAsync(async () => (await client.GetJobAsync(job.Id)).Status.IsFinished(), "the job ends on the worker",
                TimeSpan.FromSeconds(90));
            watcher.Stored.Should().NotContain(e => e.Status.IsFinished(), "the worker could not tell the front host while cut off");
        }
        finally
        {
            relay.Restore();
        }

        (await watcher.WaitForFinishAsync(TimeSpan.FromSeconds(60))).Kind.Should().Be(JobEventKind.Succeeded);
        var history = await client.GetEventsAsync(job.Id);
        watcher.Stored.Select(e => e.Version).Should().Equal(history.Select(e => e.Version), "every stored event arrives once, in order");
    }

    [Fact]
    public async Task A_room_made_private_while_a_host_is_cut_off_from_Redis_ends_the_non_members_watch_there_once_it_is_back()
    {
        await using var relay = TcpRelay.ToRedis((await TestServers.Instance()).RedisConnectionString);
        await using var front = await PlatformApplication.StartAsync("redis-fault-rooms", new Dictionary<string, string?> { ["Jobs:RunWorkers"] = "false" });
        await using var cutOff = front.StartSibling(new Dictionary<string, string?>
        {
            ["ConnectionStrings:Redis"] = relay.RedisConnectionString, ["Jobs:RunWorkers"] = "false",
        });
        var (owner, member, room) = await front.PublicRoomWithMemberAsync();
        var passerby = await front.CreateUserAsync();
        await using var stranger = await RecordingLiveConnection.StartAsync(cutOff.ClientFor(passerby));
        await stranger.Live.WatchRoomAsync(room.Id);
        await using var kept = await RecordingLiveConnection.StartAsync(cutOff.ClientFor(member));
        await kept.Live.WatchRoomAsync(room.Id);
        await owner.Client.PostRoomMessageAsync(room.Id, "while public");
        await stranger.ChatMessages.WaitForAsync(m => m.Seq == 1);

        relay.Cut();
        try
        {
            await owner.Client.UpdateRoomAsync(room.Id, new UpdateRoomRequest(Visibility: RoomVisibility.Private));
            await owner.Client.PostRoomMessageAsync(room.Id, "while cut off");
        }
        finally
        {
            relay.Restore();
        }

        (await stranger.RoomsLeft.WaitForAsync(l => l.RoomId == room.Id, TimeSpan.FromSeconds(60))).Reason.Should().Be(RoomLeftReason.Private);
        await kept.ChatMessages.WaitForAsync(m => m.Text == "while cut off", TimeSpan.FromSeconds(60));
        stranger.ChatMessages.Items.Select(m => m.Text).Should().Equal("while public");
    }
}
