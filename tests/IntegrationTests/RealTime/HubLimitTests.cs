using System.Diagnostics;
using Microsoft.AspNetCore.SignalR;
using Microsoft.AspNetCore.SignalR.Client;
using Platform.Contracts.Hubs;
using Platform.Contracts.Jobs;
using Platform.Contracts.Rooms;
using Platform.IntegrationTests.Infrastructure;
using Platform.IntegrationTests.Jobs;
using Platform.IntegrationTests.Rooms;

namespace Platform.IntegrationTests.RealTime;

/// <summary>Two hosts whose hub limits are small enough for tests to reach.</summary>
public sealed class HubLimitsFixture() : RealTimeFixture("hub-limits", Settings)
{
    public const int MaxSubscriptions = 3;
    public const int MaxRooms = 2;
    public const int MaxMessageBytes = 8 * 1024;
    public const int InvocationsPerSecond = 10;
    public const int InvocationBurst = 25;
    public static readonly TimeSpan TypingInterval = TimeSpan.FromSeconds(3);

    // Far longer than a reconnect takes even on a slow machine.
    public static readonly TimeSpan PresenceDebounce = TimeSpan.FromSeconds(5);

    private static readonly Dictionary<string, string?> Settings = new()
    {
        ["Hubs:MaxSubscriptionsPerConnection"] = MaxSubscriptions.ToString(),
        ["Hubs:MaxRoomsPerConnection"] = MaxRooms.ToString(),
        ["Hubs:MaxReceiveMessageBytes"] = MaxMessageBytes.ToString(),
        ["Hubs:InvocationsPerSecond"] = InvocationsPerSecond.ToString(),
        ["Hubs:InvocationBurst"] = InvocationBurst.ToString(),
        ["Hubs:TypingInterval"] = TypingInterval.ToString(),
        ["Hubs:PresenceAnnounceDebounce"] = PresenceDebounce.ToString(),
    };
}

public sealed class HubLimitTests(HubLimitsFixture hosts) : IClassFixture<HubLimitsFixture>
{
    [Fact]
    public async Task Watching_more_jobs_than_the_limit_is_refused_until_one_is_unwatched()
    {
        var user = await hosts.First.CreateUserAsync();
        var jobs = new List<Guid>();
        for (var i = 0; i < 4; i++)
            jobs.Add((await user.Client.SubmitAsync(CancelJobTests.LongGeneration(steps: 2))).Id);
        await using var live = await LiveConnection.OpenAsync(hosts.First, user);
        Task Subscribe(Guid jobId) => live.Hub.InvokeAsync(nameof(IJobsHub.SubscribeJob), jobId, 0L);

        await live.Hub.InvokeAsync(nameof(IJobsHub.SubscribeMyJobs));
        await Subscribe(jobs[0]);
        await Subscribe(jobs[1]);
        await Subscribe(jobs[0]);
        var overLimit = () => Subscribe(jobs[2]);

        (await overLimit.Should().ThrowAsync<HubException>("all my jobs and two single jobs are three subscriptions, a repeat none"))
            .WithMessage("*At most 3 job subscriptions per connection (Hubs:MaxSubscriptionsPerConnection).*");
        await live.Hub.InvokeAsync(nameof(IJobsHub.UnsubscribeJob), jobs[0]);
        await Subscribe(jobs[2]);
        await live.Hub.InvokeAsync(nameof(IJobsHub.UnsubscribeMyJobs));
        await Subscribe(jobs[3]);
        var allMine = () => live.Hub.InvokeAsync(nameof(IJobsHub.SubscribeMyJobs));
        (await allMine.Should().ThrowAsync<HubException>()).WithMessage("*At most 3 job subscriptions*");
        await using var another = await LiveConnection.OpenAsync(hosts.First, user);
        await another.Hub.InvokeAsync(nameof(IJobsHub.SubscribeMyJobs));
        await another.Hub.InvokeAsync(nameof(IJobsHub.SubscribeJob), jobs[0], 0L);
    }

    [Theory]
    [InlineData(HubLimitsFixture.MaxSubscriptions - 1)]
    [InlineData(HubLimitsFixture.MaxSubscriptions)]
    public async Task A_client_back_after_its_host_restarts_gets_what_all_its_jobs_stored_meanwhile_and_still_has_its_subscriptions_free(int jobs)
    {
        var acceptOnly = new Dictionary<string, string?>(hosts.HostSettings) { ["Jobs:RunWorkers"] = "false" };
        var user = await hosts.First.CreateUserAsync();
        var sibling = hosts.First.StartSibling(acceptOnly);
        await using var live = await RecordingLiveConnection.StartAsync(sibling.ClientFor(user));
        await live.Live.SubscribeMyJobsAsync();
        var found = new List<Guid>();
        for (var i = 0; i < jobs; i++)
        {
            var job = await user.Client.SubmitAsync(CancelJobTests.LongGeneration());
            await live.JobEvents.WaitForAsync(e => e.JobId == job.Id && e.Kind == JobEventKind.Started);
            found.Add(job.Id);
        }

        await sibling.DisposeAsync();
        foreach (var jobId in found)
            await user.Client.CancelAsync(jobId);
        await using var restarted = sibling.Restart(acceptOnly);
        await live.Reconnects.WaitForAsync(_ => true, TimeSpan.FromSeconds(60));

        foreach (var jobId in found)
        {
            await live.JobEvents.WaitForAsync(e => e.JobId == jobId && e.Kind == JobEventKind.Cancelled);
            live.JobEvents.Items.Where(e => e.JobId == jobId && !e.Transient).Select(e => e.Version)
                .Should().Equal((await user.Client.GetEventsAsync(jobId)).Select(e => e.Version), "every stored event arrives once, in order");
        }
        for (var i = 1; i < HubLimitsFixture.MaxSubscriptions; i++)
            await live.Live.SubscribeJobAsync((await user.Client.SubmitAsync(CancelJobTests.LongGeneration(steps: 2))).Id);
    }

    [Fact]
    public async Task Watching_more_rooms_than_the_limit_is_refused_until_one_is_unwatched()
    {
        var user = await hosts.First.CreateUserAsync();
        var rooms = new List<Guid>();
        for (var i = 0; i < 3; i++)
            rooms.Add((await user.Client.CreateRoomAsync(new CreateRoomRequest($"limit {i} {Guid.NewGuid():N}"))).Id);
        await using var live = await LiveConnection.OpenAsync(hosts.First, user);
        Task Watch(Guid roomId) => live.Hub.InvokeAsync(nameof(IJobsHub.WatchRoom), roomId, 0L);

        await Watch(rooms[0]);
        await Watch(rooms[1]);
        await Watch(rooms[0]);
        var overLimit = () => Watch(rooms[2]);

        (await overLimit.Should().ThrowAsync<HubException>()).WithMessage("*At most 2 rooms per connection (Hubs:MaxRoomsPerConnection).*");
        await live.Hub.InvokeAsync(nameof(IJobsHub.UnwatchRoom), rooms[0]);
        await Watch(rooms[2]);
    }

    [Fact]
    public async Task A_burst_of_typing_reaches_the_other_members_once_per_interval()
    {
        var (owner, member, room) = await hosts.First.PrivateRoomWithMemberAsync();
        await using var typist = await LiveConnection.OpenAsync(hosts.First, member);
        await using var watcher = await LiveConnection.OpenAsync(hosts.Second, owner);
        await watcher.Hub.InvokeAsync(nameof(IJobsHub.WatchRoom), room.Id, 0L);

        var burst = Stopwatch.StartNew();
        await Task.WhenAll(Enumerable.Range(0, 20).Select(_ => typist.Hub.InvokeAsync(nameof(IJobsHub.TypingInRoom), room.Id)));
        burst.Stop();
        // A watch sends the room's pushes in order: once the message is there, so is every typing sent before it.
        await typist.Hub.InvokeAsync<ChatMessage>(nameof(IJobsHub.PostToRoom), room.Id, "after the burst");
        await watcher.ChatMessages.WaitForAsync(m => m.Text == "after the burst");

        var intervalsTheBurstSpanned = (int)(burst.Elapsed / HubLimitsFixture.TypingInterval);
        watcher.RoomTypings.Items.Should().HaveCountGreaterThanOrEqualTo(1)
            .And.HaveCountLessThanOrEqualTo(1 + intervalsTheBurstSpanned, "the other calls came within an interval of one passed on");
        var before = watcher.RoomTypings.Items.Count;
        await Eventually.HoldsAsync(async () =>
        {
            await typist.Hub.InvokeAsync(nameof(IJobsHub.TypingInRoom), room.Id);
            return watcher.RoomTypings.Items.Count > before;
        }, "typing once the interval is over reaches the member");
    }

    [Fact]
    public async Task A_connection_that_calls_without_pause_is_slowed_to_its_pace_and_another_connection_is_not()
    {
        const int calls = HubLimitsFixture.InvocationBurst + 30;
        await using var hasty = await LiveConnection.OpenAsync(hosts.First, await hosts.First.CreateUserAsync());
        await using var other = await LiveConnection.OpenAsync(hosts.First, await hosts.First.CreateUserAsync());
        var done = 0;
        var meanwhile = new TaskCompletionSource<int>(TaskCreationOptions.RunContinuationsAsynchronously);

        var elapsed = Stopwatch.StartNew();
        var calling = Task.Run(async () =>
        {
            for (var i = 0; i < calls; i++)
            {
                await hasty.Hub.InvokeAsync(nameof(IJobsHub.UnsubscribeMyJobs));
                if (Interlocked.Increment(ref done) == HubLimitsFixture.InvocationBurst + 5)
                    meanwhile.SetResult(done);
            }
        });
        await meanwhile.Task;
        await other.Hub.InvokeAsync(nameof(IJobsHub.UnsubscribeMyJobs));
        var doneWhenTheOtherWasAnswered = Volatile.Read(ref done);
        await calling;
        elapsed.Stop();

        var paced = calls - HubLimitsFixture.InvocationBurst;
        elapsed.Elapsed.Should().BeGreaterThanOrEqualTo(TimeSpan.FromSeconds(0.95 * paced / HubLimitsFixture.InvocationsPerSecond),
            "every call was answered, those past the burst one interval apart");
        doneWhenTheOtherWasAnswered.Should().BeLessThan(calls, "the other connection's call did not wait for the hasty one's");
    }

    [Fact]
    public async Task A_user_who_reconnects_quickly_again_and_again_is_announced_only_when_they_come_and_finally_go()
    {
        var watcher = await hosts.First.CreateUserAsync();
        var flapping = await hosts.First.CreateUserAsync();
        var flappingId = flapping.Id.ToString();
        await using var watching = await LiveConnection.OpenAsync(hosts.First, watcher);
        var connection = await LiveConnection.OpenAsync(hosts.Second, flapping);
        await watching.Presence.WaitForAsync(c => c.UserId == flappingId && c.Online);

        for (var i = 0; i < 10; i++)
        {
            await connection.DisposeAsync();
            connection = await LiveConnection.OpenAsync(i % 2 == 0 ? hosts.First : hosts.Second, flapping);
        }
        var sinceTheLastLeft = Stopwatch.StartNew();
        await connection.DisposeAsync();
        await watching.Presence.WaitForAsync(c => c.UserId == flappingId && !c.Online);
        sinceTheLastLeft.Stop();

        watching.Presence.Items.Where(c => c.UserId == flappingId).Select(c => c.Online).Should().Equal([true, false],
            "a reconnect within the debounce is neither a leave nor a join");
        sinceTheLastLeft.Elapsed.Should().BeGreaterThanOrEqualTo(HubLimitsFixture.PresenceDebounce, "the leave waits out the debounce");
        (await watching.GetOnlineUsersAsync()).Should().NotContain(u => u.UserId == flappingId);
    }

    [Fact]
    public async Task A_message_larger_than_the_limit_closes_the_connection()
    {
        var user = await hosts.First.CreateUserAsync();
        await using var live = await LiveConnection.OpenAsync(hosts.First, user);
        var closed = new TaskCompletionSource<Exception?>(TaskCreationOptions.RunContinuationsAsynchronously);
        live.Hub.Closed += e =>
        {
            closed.TrySetResult(e);
            return Task.CompletedTask;
        };
        var room = await user.Client.CreateRoomAsync(new CreateRoomRequest($"big {Guid.NewGuid():N}"));
        var underLimit = () => live.Hub.InvokeAsync<ChatMessage>(nameof(IJobsHub.PostToRoom), room.Id, new string('a', HubLimitsFixture.MaxMessageBytes - 2048));
        var overLimit = () => live.Hub.InvokeAsync<ChatMessage>(nameof(IJobsHub.PostToRoom), room.Id, new string('a', HubLimitsFixture.MaxMessageBytes + 1024));

        (await underLimit.Should().ThrowAsync<HubException>("a message under the limit is read, and its text refused"))
            .WithMessage("*text: must be 1 to 4000*");
        (await overLimit.Should().ThrowAsync<HubException>()).WithMessage("*server closed the connection*");

        (await closed.Task.WaitAsync(TimeSpan.FromSeconds(30))).Should().BeOfType<HubException>()
            .Which.Message.Should().Contain("server closed the connection");
        live.Hub.State.Should().Be(HubConnectionState.Disconnected);
    }
}
