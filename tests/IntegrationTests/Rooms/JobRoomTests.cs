using System.Net;
using System.Text.Json;
using Npgsql;
using Platform.Client;
using Platform.Contracts.Jobs;
using Platform.Contracts.Rooms;
using Platform.IntegrationTests.Infrastructure;
using Platform.IntegrationTests.RealTime;

namespace Platform.IntegrationTests.Rooms;

/// <summary>Jobs submitted in a stored room post their start, progress steps and end to it, whichever host runs them.</summary>
public sealed class JobRoomTests(RealTimeFixture hosts) : IClassFixture<RealTimeFixture>
{
    [Fact]
    public async Task A_job_posts_its_start_each_progress_step_and_its_success_and_a_watcher_on_the_other_host_sees_them_in_sequence()
    {
        var (owner, member, room) = await PrivateRoomWithMemberAsync();
        await using var watcher = await RecordingLiveConnection.StartAsync(hosts.Second.ClientFor(member));
        await watcher.Live.WatchRoomAsync(room.Id);

        // Four ticks half a second apart: each is stored on its own, and crosses the next 25% step.
        var job = await owner.Client.SubmitAsync(new SubmitJobRequest("ticker", JsonSerializer.SerializeToElement(new { ticks = 4, intervalMs = 500 }),
            Room: new JobRoom(room.Id)));

        await watcher.ChatMessages.WaitForAsync(m => m.Text.Contains("succeeded"));
        var name = $"ticker job {job.Id.ToString("N")[^8..]}";
        var texts = watcher.ChatMessages.Items.Select(m => m.Text).ToList();
        texts.Take(4).Should().Equal($"{name} started", $"{name} at 25%", $"{name} at 50%", $"{name} at 75%");
        texts.Should().HaveCount(5).And.Subject.Last().Should().StartWith($"{name} succeeded: ");
        watcher.ChatMessages.Items.Select(m => m.Seq).Should().Equal(1, 2, 3, 4, 5);
        watcher.ChatMessages.Items.Should().OnlyContain(m => m.Kind == ChatMessageKind.System && m.JobId == job.Id && m.AuthorId == null);
        (await member.Client.ListRoomMessagesAsync(room.Id)).Messages.Should().BeEquivalentTo(watcher.ChatMessages.Items, o => o.WithStrictOrdering());
        (await owner.Client.GetJobAsync(job.Id)).Room.Should().Be(new JobRoom(room.Id, JobRoom.DefaultProgressEvery));
    }

    [Fact]
    public async Task A_failing_job_posts_each_failed_attempt_and_its_final_error()
    {
        var (owner, member, room) = await PrivateRoomWithMemberAsync();
        await using var watcher = await RecordingLiveConnection.StartAsync(hosts.Second.ClientFor(member));
        await watcher.Live.WatchRoomAsync(room.Id);

        var job = await owner.Client.SubmitAsync(new SubmitJobRequest("flaky", JsonSerializer.SerializeToElement(new { failAttempts = 5 }),
            MaxAttempts: 2, Room: new JobRoom(room.Id, ProgressEvery: 100)));

        await watcher.ChatMessages.WaitForAsync(m => m.Text.Contains(" failed: attempt 2"));
        var name = $"flaky job {job.Id.ToString("N")[^8..]}";
        var texts = watcher.ChatMessages.Items.Select(m => m.Text).ToList();
        texts.Should().HaveCount(4);
        texts[0].Should().Be($"{name} started");
        texts[1].Should().StartWith($"{name} attempt 1 failed: attempt 1 failed on purpose; retrying at ");
        texts[2].Should().Be($"{name} started (attempt 2)");
        texts[3].Should().Be($"{name} failed: attempt 2 failed on purpose");
        watcher.ChatMessages.Items.Should().OnlyContain(m => m.JobId == job.Id);
    }

    [Fact]
    public async Task A_submit_naming_a_room_the_caller_may_not_post_in_is_refused_naming_the_field_and_stores_nothing()
    {
        var (_, _, privateRoom) = await PrivateRoomWithMemberAsync();
        var owner = await hosts.First.CreateUserAsync();
        var publicRoom = await owner.Client.CreateRoomAsync(new CreateRoomRequest($"lobby {Guid.NewGuid():N}", Visibility: RoomVisibility.Public));
        var stranger = await hosts.First.CreateUserAsync();

        var intoPrivate = await RefusalAsync(() => stranger.Client.SubmitAsync(Noop(privateRoom.Id)));
        var intoUnknown = await RefusalAsync(() => stranger.Client.SubmitAsync(Noop(Guid.NewGuid())));
        var intoPublic = await RefusalAsync(() => stranger.Client.SubmitAsync(Noop(publicRoom.Id)));
        var inBatch = await RefusalAsync(() => stranger.Client.SubmitBatchAsync(new SubmitBatchRequest([Noop(null), Noop(privateRoom.Id)])));
        var badStep = await RefusalAsync(() => owner.Client.SubmitAsync(Noop(publicRoom.Id) with { Room = new JobRoom(publicRoom.Id, ProgressEvery: 0) }));

        intoPrivate.Errors.Should().ContainKey("room.id").WhoseValue.Should().Equal(intoUnknown.Errors["room.id"], "another's private room is as absent as an unknown one");
        intoPublic.Errors["room.id"].Single().Should().Contain("join it first");
        inBatch.Errors.Should().ContainKey("jobs[1].room.id").And.HaveCount(1);
        badStep.Errors.Should().ContainKey("room.progressEvery");
        (await stranger.Client.ListJobsAsync()).Total.Should().Be(0);
        (await owner.Client.ListJobsAsync()).Total.Should().Be(0);
        (await owner.Client.GetRoomAsync(publicRoom.Id)).LastSeq.Should().Be(0);
    }

    [Fact]
    public async Task A_job_whose_owner_was_removed_from_the_room_posts_nothing_more()
    {
        var (owner, member, room) = await PrivateRoomWithMemberAsync();
        var job = await member.Client.SubmitAsync(new SubmitJobRequest("ticker", JsonSerializer.SerializeToElement(new { ticks = 10, intervalMs = 300 }),
            Room: new JobRoom(room.Id, ProgressEvery: 100)));
        await Eventually.HoldsAsync(async () => (await owner.Client.GetRoomAsync(room.Id)).LastSeq == 1, "the job posted its start");

        await owner.Client.RemoveRoomMemberAsync(room.Id, member.Id);

        await Eventually.HoldsAsync(async () => (await member.Client.GetJobAsync(job.Id)).Status == JobStatus.Succeeded, "the job succeeded");
        await Eventually.HoldsAsync(async () => await PendingPostsAsync(job.Id) == 0, "the job's end was taken from the outbox");
        (await owner.Client.ListRoomMessagesAsync(room.Id)).Messages.Should().ContainSingle().Which.Text.Should().EndWith("started");
    }

    private static SubmitJobRequest Noop(Guid? roomId) =>
        new("noop", JsonSerializer.SerializeToElement(new { }), Room: roomId is { } id ? new JobRoom(id) : null);

    private static async Task<PlatformApiException> RefusalAsync(Func<Task> submit)
    {
        var refused = (await submit.Should().ThrowAsync<PlatformApiException>()).Which;
        refused.Status.Should().Be(HttpStatusCode.BadRequest);
        return refused;
    }

    private async Task<long> PendingPostsAsync(Guid jobId)
    {
        await using var command = hosts.First.Service<NpgsqlDataSource>().CreateCommand("select count(*) from platform.room_job_posts where job_id = $1");
        command.Parameters.AddWithValue(jobId);
        return (long)(await command.ExecuteScalarAsync())!;
    }

    private async Task<(TestUser Owner, TestUser Member, Room Room)> PrivateRoomWithMemberAsync()
    {
        var owner = await hosts.First.CreateUserAsync();
        var member = await hosts.First.CreateUserAsync();
        var room = await owner.Client.CreateRoomAsync(new CreateRoomRequest($"renders {Guid.NewGuid():N}"));
        await owner.Client.AddRoomMemberAsync(room.Id, member.Id);
        return (owner, member, room);
    }
}
