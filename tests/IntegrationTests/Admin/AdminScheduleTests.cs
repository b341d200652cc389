using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using Platform.Client;
using Platform.Contracts;
using Platform.Contracts.Admin;
using Platform.Contracts.Jobs;
using Platform.Contracts.Schedules;
using Platform.IntegrationTests.Infrastructure;
using Platform.IntegrationTests.Jobs;
using static Platform.IntegrationTests.Accounts.SignInTests;

namespace Platform.IntegrationTests.Admin;

public sealed class AdminScheduleTests(AdminFixture fixture) : IClassFixture<AdminFixture>
{
    private const string Nightly = "0 0 3 * * ?";

    private PlatformApplication App => fixture.Application;

    private PlatformClient Admin => fixture.Admin.Client;

    [Fact]
    public async Task An_admin_lists_every_users_schedules_with_their_owners_and_narrows_them_by_owner_or_name()
    {
        var (alice, bob) = (await App.CreateUserAsync(), await App.CreateUserAsync());
        var alices = await alice.Client.CreateScheduleAsync(new CreateScheduleRequest("Alice's nightly render", Nightly, Render(), "Europe/Paris"));
        var bobs = await bob.Client.CreateScheduleAsync(new CreateScheduleRequest("Bob's weekly report", "0 0 6 ? * MON", Render()));
        await bob.Client.PauseScheduleAsync(bobs.Id);

        var every = await Admin.AdminListSchedulesAsync(pageSize: 100);
        var onlyBobs = await Admin.AdminListSchedulesAsync(ownerId: bob.Id);
        var byName = await Admin.AdminListSchedulesAsync(search: "NIGHTLY RENDER");
        var ofNobody = await Admin.AdminListSchedulesAsync(ownerId: Guid.NewGuid());

        every.Items.Should().ContainEquivalentOf(new { OwnerId = alice.Id, OwnerEmail = alice.Email, Schedule = new
        {
            alices.Id, Cron = Nightly, TimeZone = "Europe/Paris", Paused = false, alices.NextRunAt, LastRunAt = (DateTimeOffset?)null, Runs = 0,
        } });
        every.Items.Should().ContainEquivalentOf(new { OwnerId = bob.Id, OwnerEmail = bob.Email, Schedule = new { bobs.Id, Paused = true, NextRunAt = (DateTimeOffset?)null } });
        onlyBobs.Items.Select(s => s.Schedule.Id).Should().Equal(bobs.Id);
        onlyBobs.Total.Should().Be(1);
        byName.Items.Select(s => s.Schedule.Id).Should().Contain(alices.Id).And.NotContain(bobs.Id);
        ofNobody.Should().BeEquivalentTo(new { Items = Array.Empty<AdminSchedule>(), Total = 0 });
    }

    [Fact]
    public async Task Trigger_now_submits_the_job_as_its_owner_which_runs_and_counts_as_a_run_even_while_the_schedule_is_paused()
    {
        var owner = await App.CreateUserAsync();
        await using var watcher = await JobWatcher.StartForMyJobsAsync(owner.Client);
        var schedule = await owner.Client.CreateScheduleAsync(new CreateScheduleRequest("nightly", Nightly, Render()));

        var job = await Admin.AdminTriggerScheduleAsync(schedule.Id);

        job.OwnerId.Should().Be(owner.Id.ToString());
        (await watcher.WaitForFinishAsync(job.Id)).Status.Should().Be(JobStatus.Succeeded);
        (await owner.Client.GetScheduleAsync(schedule.Id)).Should().BeEquivalentTo(new { Runs = 1, LastJobId = job.Id, Paused = false });

        await owner.Client.PauseScheduleAsync(schedule.Id);
        using var response = await Http(fixture.Admin).PostAsync($"api/v1/admin/schedules/{schedule.Id}/trigger", null);

        response.StatusCode.Should().Be(HttpStatusCode.Accepted);
        var whilePaused = (await response.Content.ReadFromJsonAsync<Job>(PlatformJson.Options))!;
        (await watcher.WaitForFinishAsync(whilePaused.Id)).Status.Should().Be(JobStatus.Succeeded);
        var read = await owner.Client.GetScheduleAsync(schedule.Id);
        read.Should().BeEquivalentTo(new { Runs = 2, LastJobId = whilePaused.Id, Paused = true });
        read.LastRunAt.Should().BeAfter(whilePaused.SubmittedAt.AddSeconds(-1));
        (await owner.Client.ListJobsAsync()).Items.Select(j => j.Id).Should().BeEquivalentTo([job.Id, whilePaused.Id]);
    }

    [Fact]
    public async Task An_admin_pauses_resumes_and_deletes_another_users_schedule_and_each_act_is_audited_against_the_owner()
    {
        var owner = await App.CreateUserAsync();
        var schedule = await owner.Client.CreateScheduleAsync(new CreateScheduleRequest("weekly digest", "0 0 6 ? * MON", Render()));

        var paused = await Admin.AdminPauseScheduleAsync(schedule.Id);
        (await owner.Client.GetScheduleAsync(schedule.Id)).Paused.Should().BeTrue();
        var resumed = await Admin.AdminResumeScheduleAsync(schedule.Id);
        (await owner.Client.GetScheduleAsync(schedule.Id)).Paused.Should().BeFalse();
        var job = await Admin.AdminTriggerScheduleAsync(schedule.Id);
        await Admin.AdminDeleteScheduleAsync(schedule.Id);

        paused.Should().BeEquivalentTo(new { OwnerId = owner.Id, OwnerEmail = owner.Email, Schedule = new { schedule.Id, Paused = true, NextRunAt = (DateTimeOffset?)null } });
        resumed.Schedule.Paused.Should().BeFalse();
        resumed.Schedule.NextRunAt.Should().Be(schedule.NextRunAt);
        (await Refused(() => owner.Client.GetScheduleAsync(schedule.Id))).Status.Should().Be(HttpStatusCode.NotFound);
        (await owner.Client.ListSchedulesAsync()).Should().BeEmpty();
        var audit = (await Admin.AdminReadAuditAsync(userId: owner.Id)).Items.Where(e => e.Action.StartsWith("schedule.")).ToList();
        audit.Select(e => e.Action).Should().BeEquivalentTo(["schedule.paused", "schedule.resumed", "schedule.triggered", "schedule.deleted"]);
        audit.Should().OnlyContain(e =>
            e.ActorId == fixture.Admin.Id && e.SubjectId == owner.Id && e.Succeeded && e.Detail!.Contains(schedule.Id.ToString()) && e.Detail.Contains("weekly digest"));
        audit.Single(e => e.Action == "schedule.triggered").Detail.Should().Contain(job.Id.ToString());
    }

    [Fact]
    public async Task A_trigger_the_owners_quota_or_a_disabled_owner_refuses_is_a_problem_recorded_as_refused_and_not_a_run()
    {
        await using var host = await PlatformApplication.StartAsync("admin-schedules-quota", new Dictionary<string, string?> { ["Jobs:MaxQueuedPerUser"] = "1" });
        var admin = await host.CreateUserAsync();
        // Without retries: the client would otherwise send a refused trigger again after the 429, as it does any 429.
        var once = new PlatformClient(host.ClientOptions.BaseAddress, PlatformCredentials.Bearer(admin.Tokens.AccessToken)) { Retries = RetryPolicy.None };
        var owner = await host.CreateUserAsync();
        var schedule = await owner.Client.CreateScheduleAsync(new CreateScheduleRequest("nightly", Nightly, Render()));
        await owner.Client.SubmitAsync(CancelJobTests.LongGeneration());

        var overQuota = await Refused(() => once.AdminTriggerScheduleAsync(schedule.Id));
        await admin.Client.AdminDisableUserAsync(owner.Id);
        var disabled = await Refused(() => once.AdminTriggerScheduleAsync(schedule.Id));

        overQuota.Status.Should().Be(HttpStatusCode.TooManyRequests);
        overQuota.Code.Should().Be("queue_quota_reached");
        disabled.Status.Should().Be(HttpStatusCode.Conflict);
        disabled.Code.Should().Be("owner_disabled");
        var read = (await admin.Client.AdminListSchedulesAsync(ownerId: owner.Id)).Items.Single().Schedule;
        read.Should().BeEquivalentTo(new { Runs = 0, LastRunAt = (DateTimeOffset?)null, LastJobId = (Guid?)null });
        (await admin.Client.AdminListJobsAsync(ownerId: owner.Id.ToString())).Total.Should().Be(1, "only the owner's own submit");
        var audit = (await admin.Client.AdminReadAuditAsync(action: "schedule.triggered", userId: owner.Id)).Items;
        audit.Should().HaveCount(2).And.OnlyContain(e => !e.Succeeded && e.SubjectId == owner.Id);
    }

    [Fact]
    public async Task Every_admin_schedule_action_answers_an_unknown_id_with_not_found()
    {
        var unknown = Guid.NewGuid();
        Func<Task>[] actions =
        [
            () => Admin.AdminTriggerScheduleAsync(unknown),
            () => Admin.AdminPauseScheduleAsync(unknown),
            () => Admin.AdminResumeScheduleAsync(unknown),
            () => Admin.AdminDeleteScheduleAsync(unknown),
        ];

        foreach (var action in actions)
        {
            var refused = await Refused(action);
            refused.Status.Should().Be(HttpStatusCode.NotFound);
            refused.Code.Should().Be("not_found");
        }
        (await Admin.AdminReadAuditAsync(action: "schedule.triggered")).Items.Should().NotContain(e => e.Detail!.Contains(unknown.ToString()));
    }

    private static SubmitJobRequest Render() => CancelJobTests.LongGeneration(steps: 2);

    private HttpClient Http(TestUser user) =>
        new() { BaseAddress = App.ClientOptions.BaseAddress, DefaultRequestHeaders = { Authorization = new AuthenticationHeaderValue("Bearer", user.Tokens.AccessToken) } };
}
