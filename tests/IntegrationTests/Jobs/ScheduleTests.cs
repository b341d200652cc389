using System.Net;
using System.Text.Json;
using Platform.Client;
using Platform.Contracts.Jobs;
using Platform.Contracts.Schedules;
using Platform.IntegrationTests.Infrastructure;

namespace Platform.IntegrationTests.Jobs;

/// <summary>
/// A host whose schedules may fire every second and whose scheduler looks for new triggers every second; its owners may
/// keep a few projects, so the projects' tests reach the limit.
/// </summary>
public sealed class ScheduleFixture() : PlatformFixture("schedules", Settings)
{
    public static readonly IReadOnlyDictionary<string, string?> Settings = new Dictionary<string, string?>
    {
        ["Jobs:BenchmarkTypes"] = "true",
        ["Jobs:MinScheduleInterval"] = "00:00:01",
        ["Jobs:SchedulerIdleWait"] = "00:00:01",
        [RetryTests.SmallPlanSetting.Key] = RetryTests.SmallPlanSetting.Value,
        ["Projects:MaxProjectsPerOwner"] = "3",
    };
}

public sealed class ScheduleTests(ScheduleFixture fixture) : IClassFixture<ScheduleFixture>
{
    private const string EverySecond = "* * * * * ?";

    [Fact]
    public async Task A_schedule_submits_its_job_each_time_its_cron_fires()
    {
        var client = await fixture.Application.CreatePlatformClientAsync();
        await using var watcher = await JobWatcher.StartForMyJobsAsync(client);

        var schedule = await client.CreateScheduleAsync(new CreateScheduleRequest("nightly, but faster", EverySecond, Quick()));

        schedule.NextRunAt.Should().NotBeNull();
        await watcher.WaitForAsync(SucceededNumber(2), TimeSpan.FromSeconds(30));
        var jobs = (await client.ListJobsAsync()).Items;
        jobs.Should().HaveCountGreaterThanOrEqualTo(2).And.OnlyContain(j => j.Type == "flaky");
        // A firing is counted just after its job is stored, so a quick job may end before its firing is counted.
        var read = await Eventually.ReadAsync(() => client.GetScheduleAsync(schedule.Id), s => s.Runs >= 2, "the schedule counted both firings");
        (await client.ListJobsAsync()).Items.Select(j => j.Id).Should().Contain(read.LastJobId!.Value);
        await client.DeleteScheduleAsync(schedule.Id);
    }

    [Fact]
    public async Task A_paused_schedule_submits_nothing_until_resumed_and_a_deleted_one_is_gone()
    {
        var client = await fixture.Application.CreatePlatformClientAsync();
        await using var watcher = await JobWatcher.StartForMyJobsAsync(client);
        var schedule = await client.CreateScheduleAsync(new CreateScheduleRequest("pausable", EverySecond, Quick()));
        await watcher.WaitForAsync(e => e.Kind == JobEventKind.Submitted, TimeSpan.FromSeconds(30));

        (await client.PauseScheduleAsync(schedule.Id)).Paused.Should().BeTrue();
        var countAtPause = await SettledJobCountAsync(client);
        await Task.Delay(TimeSpan.FromSeconds(3));
        (await client.ListJobsAsync()).Total.Should().Be(countAtPause, "three firings passed while paused");

        (await client.ResumeScheduleAsync(schedule.Id)).Paused.Should().BeFalse();
        await watcher.WaitForAsync(SubmittedNumber(countAtPause + 1), TimeSpan.FromSeconds(30));

        await client.DeleteScheduleAsync(schedule.Id);
        var gone = () => client.GetScheduleAsync(schedule.Id);
        (await gone.Should().ThrowAsync<PlatformApiException>()).Which.Status.Should().Be(HttpStatusCode.NotFound);
        (await client.ListSchedulesAsync()).Should().BeEmpty();
    }

    [Fact]
    public async Task A_firing_past_the_owners_queue_quota_submits_nothing_and_the_schedule_shows_why_until_there_is_room()
    {
        var (_, client) = await RetryTests.UserOnSmallPlanAsync(fixture.Application);
        var queued = await RetryTests.SubmitLaterAsync(client, RetryTests.SmallPlanQuota);

        var schedule = await client.CreateScheduleAsync(new CreateScheduleRequest("over quota", EverySecond, Quick()));

        var skipped = await Eventually.ReadAsync(() => client.GetScheduleAsync(schedule.Id), s => s.Runs >= 1, "the schedule fires");
        skipped.LastJobId.Should().BeNull();
        skipped.LastRefusal.Should().Contain($"At most {RetryTests.SmallPlanQuota}");
        (await client.ListJobsAsync()).Total.Should().Be(RetryTests.SmallPlanQuota, "a skipped firing stores no job");
        await client.CancelAsync(queued[0].Id);
        var submitted = await Eventually.ReadAsync(() => client.GetScheduleAsync(schedule.Id), s => s.LastJobId is not null, "a firing with room submits");
        submitted.LastRefusal.Should().BeNull();
        await client.DeleteScheduleAsync(schedule.Id);
    }

    [Theory]
    [InlineData("not a cron", null, "flaky", "cron")]
    [InlineData("0 0 3 * *", null, "flaky", "cron")]
    [InlineData("0 0 3 * * ?", "Mars/Olympus_Mons", "flaky", "timeZone")]
    [InlineData("0 0 3 * * ?", "Europe/Paris", "painting", "job.type")]
    public async Task A_bad_schedule_is_refused_naming_the_field(string cron, string? timeZone, string type, string field)
    {
        var client = await fixture.Application.CreatePlatformClientAsync();

        var create = () => client.CreateScheduleAsync(new CreateScheduleRequest("bad", cron, Quick() with { Type = type }, timeZone));

        var refused = (await create.Should().ThrowAsync<PlatformApiException>()).Which;
        refused.Status.Should().Be(HttpStatusCode.BadRequest);
        refused.Errors.Should().ContainKey(field);
        (await client.ListSchedulesAsync()).Should().BeEmpty();
    }

    [Theory]
    [InlineData(EverySecond)]
    [InlineData("0-49 * * * * ?")]
    [InlineData("0,30,31 * * * * ?")]
    public async Task A_schedule_may_not_fire_more_often_than_the_configured_minimum_between_any_two_firings(string cron)
    {
        await using var strict = await PlatformApplication.StartAsync("strict-schedules");
        var client = await strict.CreatePlatformClientAsync();

        var create = () => client.CreateScheduleAsync(new CreateScheduleRequest("too often", cron,
            new SubmitJobRequest("generation", JsonSerializer.SerializeToElement(new { prompt = "x" }))));

        (await create.Should().ThrowAsync<PlatformApiException>()).Which.Errors.Should().ContainKey("cron");
    }

    [Fact]
    public async Task Concurrent_creates_by_one_user_leave_no_more_schedules_than_the_limit_and_the_rest_are_refused()
    {
        await using var host = await PlatformApplication.StartAsync("schedule-limit",
            new Dictionary<string, string?>(ScheduleFixture.Settings) { ["Jobs:MaxSchedulesPerUser"] = "5" });
        var client = await host.CreatePlatformClientAsync();

        var creates = Enumerable.Range(0, 20).Select(async i =>
        {
            try
            {
                await client.CreateScheduleAsync(new CreateScheduleRequest($"nightly {i}", "0 0 3 * * ?", Quick()));
                return null;
            }
            catch (PlatformApiException refused)
            {
                return refused;
            }
        });
        var refusals = await Task.WhenAll(creates);

        (await client.ListSchedulesAsync()).Should().HaveCount(5);
        refusals.Where(r => r is not null).Should().HaveCount(15).And.OnlyContain(r =>
            r!.Status == HttpStatusCode.BadRequest && r.Errors["body"].Single().Contains("at most 5 schedules"));
    }

    [Fact]
    public async Task A_disabled_owners_schedules_submit_nothing_while_others_go_on()
    {
        await using var host = await PlatformApplication.StartAsync("disabled-schedules", ScheduleFixture.Settings);
        var admin = await host.CreateUserAsync();
        var (victim, witness) = (await host.CreateUserAsync(), await host.CreateUserAsync());
        await victim.Client.CreateScheduleAsync(new CreateScheduleRequest("victim's", EverySecond, Quick()));
        await using var witnessed = await JobWatcher.StartForMyJobsAsync(witness.Client);
        await witness.Client.CreateScheduleAsync(new CreateScheduleRequest("witness's", EverySecond, Quick()));
        await Eventually.HoldsAsync(async () => (await VictimsJobsAsync()) > 0, "the victim's schedule fires");

        await admin.Client.AdminDisableUserAsync(victim.Id);
        // A firing under way when the owner was disabled may still land; the witness's next firing comes after it.
        var seen = witnessed.Stored.Count(e => e.Kind == JobEventKind.Submitted);
        await witnessed.WaitForAsync(SubmittedNumber(seen + 2), TimeSpan.FromSeconds(30));
        var atDisable = await VictimsJobsAsync();
        await witnessed.WaitForAsync(SubmittedNumber(seen + 5), TimeSpan.FromSeconds(30));

        (await VictimsJobsAsync()).Should().Be(atDisable, "three of the witness's firings passed while the victim was disabled");

        async Task<long> VictimsJobsAsync() => (await admin.Client.AdminListJobsAsync(ownerId: victim.Id.ToString())).Total;
    }

    private static Func<JobEvent, bool> SucceededNumber(int n)
    {
        var seen = new HashSet<Guid>();
        return e =>
        {
            lock (seen)
            {
                if (e.Kind == JobEventKind.Succeeded && !e.Transient)
                    seen.Add(e.JobId);
                return seen.Count >= n;
            }
        };
    }

    private static Func<JobEvent, bool> SubmittedNumber(long n)
    {
        var seen = new HashSet<Guid>();
        return e =>
        {
            lock (seen)
            {
                if (e.Kind == JobEventKind.Submitted)
                    seen.Add(e.JobId);
                return seen.Count >= n;
            }
        };
    }

    // A firing already under way when the pause lands may still submit; count once that has settled.
    private static async Task<long> SettledJobCountAsync(PlatformClient client)
    {
        await Task.Delay(TimeSpan.FromSeconds(1.5));
        return (await client.ListJobsAsync()).Total;
    }

    private static SubmitJobRequest Quick() => new("flaky", JsonSerializer.SerializeToElement(new { failAttempts = 0 }));
}
