using Microsoft.AspNetCore.SignalR;
using Microsoft.AspNetCore.SignalR.Client;
using Platform.Contracts.Admin;
using Platform.Contracts.Hubs;
using Platform.Contracts.Jobs;
using Platform.Contracts.Rooms;
using Platform.IntegrationTests.Infrastructure;
using Platform.IntegrationTests.Jobs;

namespace Platform.IntegrationTests.Accounts;

public sealed partial class IsolationTests
{
    [Fact]
    public async Task Every_hub_method_keeps_other_users_jobs_out_of_reach()
    {
        var owner = await App.CreateUserAsync();
        var stranger = await App.CreateUserAsync();
        var strangersEvents = new List<Guid>();
        await using var connection = HubConnectionOf(stranger);
        void Record(Guid jobId)
        {
            lock (strangersEvents)
                strangersEvents.Add(jobId);
        }
        connection.On<JobEvent>(nameof(IJobsClient.JobEvent), e => Record(e.JobId));
        connection.On<JobTick>(nameof(IJobsClient.JobTicked), tick => Record(tick.JobId));
        await connection.StartAsync();
        await using var ownersWatcher = await JobWatcher.StartForMyJobsAsync(owner.Client);
        var foreignJob = await owner.Client.SubmitAsync(CancelJobTests.LongGeneration(steps: 2));
        var ownersRoom = await owner.Client.CreateRoomAsync(new CreateRoomRequest("owner only"));
        Guid? ownJob = null;

        // One case per hub method, run in this order; the walk fails on a hub method that has none.
        (string Method, Func<Task> Case)[] cases =
        [
            (nameof(IJobsHub.SubscribeJob), async () =>
            {
                var subscribe = () => connection.InvokeAsync(nameof(IJobsHub.SubscribeJob), foreignJob.Id, 0L);
                (await subscribe.Should().ThrowAsync<HubException>()).WithMessage("*not found*");
            }),
            (nameof(IJobsHub.UnsubscribeJob), () => connection.InvokeAsync(nameof(IJobsHub.UnsubscribeJob), foreignJob.Id)),
            (nameof(IJobsHub.SubscribeMyJobs), async () =>
            {
                await connection.InvokeAsync(nameof(IJobsHub.SubscribeMyJobs));
                var secondForeignJob = await owner.Client.SubmitAsync(CancelJobTests.LongGeneration(steps: 2));
                await ownersWatcher.WaitForFinishAsync(secondForeignJob.Id);
                ownJob = (await stranger.Client.SubmitAsync(CancelJobTests.LongGeneration(steps: 2))).Id;
                await using var own = await JobWatcher.StartAsync(stranger.Client, ownJob.Value);
                await own.WaitForFinishAsync();
            }),
            (nameof(IJobsHub.UnsubscribeMyJobs), () => connection.InvokeAsync(nameof(IJobsHub.UnsubscribeMyJobs))),
            // Who is online is public to every signed-in user by design: ids and display names, never e-mails.
            (nameof(IJobsHub.GetOnlineUsers), async () =>
            {
                var online = await connection.InvokeAsync<IReadOnlyList<OnlineUser>>(nameof(IJobsHub.GetOnlineUsers));
                online.Should().Contain(u => u.UserId == stranger.Id.ToString());
                online.Select(u => u.DisplayName).Should().NotContain(owner.Email).And.NotContain(stranger.Email);
            }),
            // A private room of someone else's is as absent as an unknown one.
            (nameof(IJobsHub.WatchRoom), async () =>
            {
                var watchRoom = () => connection.InvokeAsync(nameof(IJobsHub.WatchRoom), ownersRoom.Id, 0L);
                (await watchRoom.Should().ThrowAsync<HubException>()).WithMessage("*not found*");
            }),
            (nameof(IJobsHub.PostToRoom), async () =>
            {
                var postToRoom = () => connection.InvokeAsync<ChatMessage>(nameof(IJobsHub.PostToRoom), ownersRoom.Id, "hi");
                (await postToRoom.Should().ThrowAsync<HubException>()).WithMessage("*not found*");
            }),
            (nameof(IJobsHub.TypingInRoom), async () =>
            {
                var typeInRoom = () => connection.InvokeAsync(nameof(IJobsHub.TypingInRoom), ownersRoom.Id);
                (await typeInRoom.Should().ThrowAsync<HubException>()).WithMessage("*not found*");
            }),
            (nameof(IJobsHub.UnwatchRoom), () => connection.InvokeAsync(nameof(IJobsHub.UnwatchRoom), ownersRoom.Id)),
            // The cluster's overview is for admins: refused before the caller is added to its watchers.
            (nameof(IJobsHub.WatchOverview), async () =>
            {
                var watchOverview = () => connection.InvokeAsync<ClusterOverview>(nameof(IJobsHub.WatchOverview));
                (await watchOverview.Should().ThrowAsync<HubException>()).WithMessage("*unauthorized*");
            }),
            (nameof(IJobsHub.UnwatchOverview), () => connection.InvokeAsync(nameof(IJobsHub.UnwatchOverview))),
        ];

        HubMethods.Names.Except(cases.Select(c => c.Method)).Should().BeEmpty("every hub method needs a case here that keeps others' things out of its reach");
        foreach (var (_, check) in cases)
            await check();

        (await owner.Client.GetRoomAsync(ownersRoom.Id)).LastSeq.Should().Be(0, "nothing the stranger posted was stored");
        lock (strangersEvents)
        {
            strangersEvents.Should().NotBeEmpty("the stranger's own job reaches them");
            strangersEvents.Should().OnlyContain(jobId => jobId == ownJob);
        }
    }
}
