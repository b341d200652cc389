using System.Net;
using System.Net.Http.Json;
using Platform.Contracts;
using Platform.Contracts.Accounts;
using Platform.Contracts.Hubs;
using Platform.Contracts.Jobs;
using Platform.Contracts.Notifications;
using Platform.IntegrationTests.Infrastructure;
using Platform.IntegrationTests.Jobs;

namespace Platform.IntegrationTests.RealTime;

public sealed class NotificationTests(RealTimeFixture hosts) : IClassFixture<RealTimeFixture>
{
    [Fact]
    public async Task A_finished_job_notifies_its_owner_live_and_the_notification_stays_unread_until_read()
    {
        var owner = await hosts.First.CreateUserAsync();
        await using var live = await LiveConnection.OpenAsync(hosts.Second, owner);
        using var http = hosts.First.Http(owner);

        var job = await owner.Client.SubmitAsync(CancelJobTests.LongGeneration(steps: 2));

        var pushed = await live.Received<Notification>(nameof(IJobsClient.Notification)).WaitForAsync(n => n.JobId == job.Id);
        pushed.Kind.Should().Be(NotificationKind.JobSucceeded);
        pushed.Read.Should().BeFalse();
        var unread = await (await http.GetAsync("api/v1/notifications?unreadOnly=true")).ReadAsync<Page<Notification>>();
        unread.Items.Should().ContainSingle().Which.Id.Should().Be(pushed.Id);

        var read = await (await http.PostAsync($"api/v1/notifications/{pushed.Id}/read", null)).ReadAsync<Notification>();

        read.Read.Should().BeTrue();
        (await (await http.GetAsync("api/v1/notifications?unreadOnly=true")).ReadAsync<Page<Notification>>()).Items.Should().BeEmpty();
        (await (await http.GetAsync("api/v1/notifications")).ReadAsync<Page<Notification>>()).Items.Should().ContainSingle()
            .Which.Read.Should().BeTrue();
        live.Received<Notification>(nameof(IJobsClient.Notification)).Items.Should().ContainSingle("one final event, one notification, across both hosts");
    }

    [Fact]
    public async Task A_job_that_fails_for_good_notifies_once_and_a_retried_attempt_does_not()
    {
        var owner = await hosts.First.CreateUserAsync();
        await using var live = await LiveConnection.OpenAsync(hosts.Second, owner);
        await using var watcher = await JobWatcher.StartForMyJobsAsync(owner.Client);

        var job = await owner.Client.SubmitAsync(new SubmitJobRequest("flaky",
            System.Text.Json.JsonSerializer.SerializeToElement(new { failAttempts = 5 }), MaxAttempts: 2));

        var pushed = await live.Received<Notification>(nameof(IJobsClient.Notification)).WaitForAsync(n => n.JobId == job.Id);
        pushed.Kind.Should().Be(NotificationKind.JobFailed);
        watcher.StoredFor(job.Id).Should().Contain(e => e.Kind == JobEventKind.RetryScheduled, "the first failure was retried");
        live.Received<Notification>(nameof(IJobsClient.Notification)).Items.Should().ContainSingle("only the final failure notifies");
    }

    [Fact]
    public async Task A_user_who_turned_job_notifications_off_is_not_notified()
    {
        var owner = await hosts.First.CreateUserAsync();
        await owner.Client.UpdateProfileAsync(new UpdateProfileRequest(Settings: new UserSettings(new NotificationPreferences(JobSucceeded: false))));
        await using var live = await LiveConnection.OpenAsync(hosts.Second, owner);
        await using var watcher = await JobWatcher.StartForMyJobsAsync(owner.Client);

        var job = await owner.Client.SubmitAsync(CancelJobTests.LongGeneration(steps: 2));
        await watcher.WaitForFinishAsync(job.Id);
        // Notifications follow the final event in publishing order: a later job's notification proves the first one had its chance.
        await owner.Client.UpdateProfileAsync(new UpdateProfileRequest(Settings: UserSettings.Default));
        var second = await owner.Client.SubmitAsync(CancelJobTests.LongGeneration(steps: 2));
        await live.Received<Notification>(nameof(IJobsClient.Notification)).WaitForAsync(n => n.JobId == second.Id);

        live.Received<Notification>(nameof(IJobsClient.Notification)).Items.Should().ContainSingle();
        using var http = hosts.First.Http(owner);
        (await (await http.GetAsync("api/v1/notifications")).ReadAsync<Page<Notification>>()).Items.Should().ContainSingle()
            .Which.JobId.Should().Be(second.Id);
    }

    [Fact]
    public async Task A_user_who_was_offline_finds_the_unread_notifications_later_and_can_read_them_all()
    {
        var owner = await hosts.First.CreateUserAsync();
        await using var watcher = await JobWatcher.StartForMyJobsAsync(owner.Client);
        var first = await owner.Client.SubmitAsync(CancelJobTests.LongGeneration(steps: 2));
        var second = await owner.Client.SubmitAsync(CancelJobTests.LongGeneration(steps: 2));
        await watcher.WaitForFinishAsync(first.Id);
        await watcher.WaitForFinishAsync(second.Id);

        using var http = hosts.Second.Http(owner);
        var unread = await WaitForNotificationsAsync(http, count: 2, unreadOnly: true);

        unread.Items.Select(n => n.JobId).Should().BeEquivalentTo([first.Id, second.Id]);
        (await (await http.PostAsync("api/v1/notifications/read-all", null)).ReadAsync<NotificationsRead>()).Marked.Should().Be(2);
        (await (await http.GetAsync("api/v1/notifications?unreadOnly=true")).ReadAsync<Page<Notification>>()).Total.Should().Be(0);
    }

    [Fact]
    public async Task An_admin_broadcast_reaches_a_connected_user_on_another_host_and_skips_those_who_opted_out()
    {
        var listener = await hosts.First.CreateUserAsync();
        var optedOut = await hosts.First.CreateUserAsync();
        await optedOut.Client.UpdateProfileAsync(new UpdateProfileRequest(Settings: new UserSettings(new NotificationPreferences(AdminBroadcasts: false))));
        await using var live = await LiveConnection.OpenAsync(hosts.Second, listener);
        using var admin = hosts.First.Http(hosts.Admin);
        var title = $"Maintenance {Guid.NewGuid():N}";

        var sent = await (await admin.PostAsJsonAsync("api/v1/admin/broadcasts", new BroadcastRequest(title, "Down at noon."), PlatformJson.Options))
            .ReadAsync<BroadcastSent>();

        var pushed = await live.Received<Notification>(nameof(IJobsClient.Notification)).WaitForAsync(n => n.Title == title);
        pushed.Kind.Should().Be(NotificationKind.AdminBroadcast);
        pushed.Message.Should().Be("Down at noon.");
        sent.Recipients.Should().BeGreaterThan(0);
        using var optedOutHttp = hosts.First.Http(optedOut);
        (await (await optedOutHttp.GetAsync("api/v1/notifications")).ReadAsync<Page<Notification>>()).Items.Should().NotContain(n => n.Title == title);
        using var audit = await admin.GetAsync("api/v1/admin/audit?action=admin.broadcast_sent");
        (await audit.Content.ReadAsStringAsync()).Should().Contain(sent.BroadcastId.ToString());
    }

    [Fact]
    public async Task A_broadcast_without_a_title_is_refused()
    {
        using var admin = hosts.First.Http(hosts.Admin);

        using var response = await admin.PostAsJsonAsync("api/v1/admin/broadcasts", new BroadcastRequest(" ", "text"), PlatformJson.Options);

        response.StatusCode.Should().Be(HttpStatusCode.BadRequest);
        (await response.Content.ReadAsStringAsync()).Should().Contain("title");
    }

    // Nobody is connected to be told, so the only sign is in storage: the notification is stored just after the final event is published.
    private static Task<Page<Notification>> WaitForNotificationsAsync(HttpClient http, int count, bool unreadOnly = false) =>
        Eventually.ReadAsync(
            async () => await (await http.GetAsync($"api/v1/notifications?unreadOnly={unreadOnly.ToString().ToLowerInvariant()}")).ReadAsync<Page<Notification>>(),
            page => page.Items.Count >= count, $"{count} notifications are stored", TimeSpan.FromSeconds(15), TimeSpan.FromMilliseconds(100));
}
