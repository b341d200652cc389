using System.Net;
using System.Text.Json;
using Platform.Client;
using Platform.Contracts.Credits;
using Platform.Contracts.Jobs;
using Platform.Contracts.Notifications;
using Platform.IntegrationTests.Infrastructure;
using Platform.IntegrationTests.Webhooks;
using Platform.Jobs.Credits;
using Platform.Jobs.Model;
using static Platform.IntegrationTests.Accounts.SignInTests;
using static Platform.IntegrationTests.Credits.CreditsFixture;

namespace Platform.IntegrationTests.Credits;

/// <summary>A priced job holds the most it can cost, pays for what ran, and gives back the rest; a balance is the sum of its ledger.</summary>
public sealed class CreditTests(CreditsFixture platform) : IClassFixture<CreditsFixture>
{
    private PlatformApplication App => platform.Application;
    private PlatformClient Admin => platform.Admin.Client;

    public static SubmitJobRequest Flaky(int workMs, int failAttempts = 0, int attempts = 1, int timeoutSeconds = 5, string? endUser = null,
        DateTimeOffset? runAt = null) =>
        new("flaky", JsonSerializer.SerializeToElement(new { workMs, failAttempts }), MaxAttempts: attempts, TimeoutSeconds: timeoutSeconds,
            EndUser: endUser, RunAt: runAt);

    [Fact]
    public async Task A_submit_the_balance_cannot_hold_is_refused_and_stores_nothing_and_a_paid_job_is_charged_what_ran()
    {
        var user = (await App.CreateUserAsync()).Client;

        var refused = await Refused(() => user.SubmitAsync(Flaky(workMs: 200)));
        var pageBefore = await user.ListJobsAsync();
        await Admin.GrantCreditsAsync(await OwnerIdAsync(user), 1000, "a first top-up");
        var submitted = await user.SubmitAsync(Flaky(workMs: 200));
        var whileRunning = await user.GetCreditsAsync();
        var done = await user.WaitForCompletionAsync(submitted.Id, TimeSpan.FromSeconds(30));
        var after = await user.GetCreditsAsync();
        var ledger = (await user.ListLedgerAsync()).Items;

        refused.Status.Should().Be(HttpStatusCode.PaymentRequired);
        refused.Code.Should().Be("insufficient_credits");
        refused.Detail.Should().Contain($"up to {MostFor(5)} credits").And.Contain($"{Allowance} are available");
        pageBefore.Items.Should().BeEmpty("a refused submit stores nothing");
        submitted.Credits.Should().Be(new JobCredits(Held: MostFor(5), Charged: 0));
        (whileRunning.Held, whileRunning.Available).Should().Be((MostFor(5), Allowance + 1000 - MostFor(5)));
        done.Status.Should().Be(JobStatus.Succeeded);
        done.Credits!.Held.Should().Be(0);
        done.Credits.Charged.Should().BeInRange(PerRun + PerSecond / 5, MostFor(5), "200 ms of running cost at least a fifth of a second's price");
        (after.Balance, after.Held, after.Available).Should().Be((Allowance + 1000 - done.Credits.Charged, 0, Allowance + 1000 - done.Credits.Charged));
        ledger.Select(e => e.Kind).Should().Equal("release", "charge", "hold", "grant", "allowance");
        ledger.Sum(e => e.Amount).Should().Be(after.Balance, "a balance is the sum of its entries");
        ledger.Sum(e => e.Held).Should().Be(0);
        ledger.Where(e => e.JobId is not null).Should().OnlyContain(e => e.JobId == submitted.Id && e.JobType == "flaky");
        (await Admin.CheckLedgerAsync()).Differences.Should().BeEmpty();
    }

    [Fact]
    public async Task A_retried_job_pays_once_for_each_attempt_that_ran_and_a_cancelled_one_for_what_ran_before_the_cancel()
    {
        var user = await FundedUserAsync(10_000);

        var retried = await user.WaitForCompletionAsync((await user.SubmitAsync(Flaky(workMs: 100, failAttempts: 2, attempts: 3, timeoutSeconds: 2))).Id,
            TimeSpan.FromSeconds(60));
        var queued = await user.SubmitAsync(Flaky(workMs: 100, runAt: DateTimeOffset.UtcNow.AddHours(1)));
        await user.CancelAsync(queued.Id);
        var running = await user.SubmitAsync(Flaky(workMs: 60_000, timeoutSeconds: 30));
        await Eventually.ReadAsync(() => user.GetJobAsync(running.Id), job => job.Status == JobStatus.Running, "the job runs", TimeSpan.FromSeconds(20));
        await Task.Delay(300);
        await user.CancelAsync(running.Id);
        var cancelled = await Eventually.ReadAsync(() => user.GetJobAsync(running.Id), job => job.Status == JobStatus.Cancelled, "the job is cancelled", TimeSpan.FromSeconds(20));
        var balance = await user.GetCreditsAsync();

        retried.Status.Should().Be(JobStatus.Succeeded);
        var charges = (await user.ListLedgerAsync(kind: "charge", jobId: retried.Id)).Items;
        charges.Should().HaveCount(3, "three attempts ran");
        charges.Should().OnlyContain(charge => -charge.Amount >= PerRun + PerSecond / 10);
        (-charges.Sum(c => c.Amount)).Should().Be(retried.Credits!.Charged);
        (await user.ListLedgerAsync(jobId: queued.Id)).Items.Select(e => (e.Kind, e.Held)).Should().Equal(("release", -MostFor(5)), ("hold", MostFor(5)));
        (await user.GetJobAsync(queued.Id)).Credits.Should().Be(new JobCredits(0, 0), "a job cancelled before it ran pays nothing");
        cancelled.Credits!.Charged.Should().BeInRange(PerRun + PerSecond * 3 / 10, MostFor(30), "it ran for 300 ms at least before the cancel");
        balance.Held.Should().Be(0);
        balance.Balance.Should().Be(10_000 + Allowance - retried.Credits.Charged - cancelled.Credits.Charged);
    }

    [Fact]
    public async Task An_owner_limits_each_end_user_to_jobs_queued_and_credits_a_day_and_a_refusal_names_the_end_user()
    {
        var bot = await FundedUserAsync(100_000);
        var later = DateTimeOffset.UtcNow.AddHours(1);
        await bot.SetCreditSettingsAsync(new CreditSettings(EndUserMaxQueued: 1));

        await bot.SubmitAsync(Flaky(0, endUser: "alice", runAt: later));
        var aliceAgain = await Refused(() => bot.SubmitAsync(Flaky(0, endUser: "alice", runAt: later)));
        await bot.SubmitAsync(Flaky(0, endUser: "bob", runAt: later));
        await bot.SetCreditSettingsAsync(new CreditSettings(EndUserCreditsPerDay: MostFor(5) + 1));
        await bot.SubmitAsync(Flaky(0, endUser: "carol", runAt: later));
        var carolAgain = await Refused(() => bot.SubmitAsync(Flaky(0, endUser: "carol", runAt: later)));
        await bot.SubmitAsync(Flaky(0, endUser: "dave", runAt: later));
        var noEndUser = await bot.SubmitAsync(Flaky(0, runAt: later));

        aliceAgain.Status.Should().Be(HttpStatusCode.TooManyRequests);
        (aliceAgain.Code, aliceAgain.Detail).Should().Be(("end_user_quota_reached", "End user 'alice' may have at most 1 jobs queued or running at once; 1 are."));
        carolAgain.Status.Should().Be(HttpStatusCode.PaymentRequired);
        carolAgain.Code.Should().Be("end_user_credits_reached");
        carolAgain.Detail.Should().Contain("'carol'");
        noEndUser.EndUser.Should().BeNull();
        (await bot.ListJobsAsync()).Items.Select(job => job.EndUser).Should().BeEquivalentTo(["alice", "bob", "carol", "dave", null]);
    }

    [Fact]
    public async Task Usage_groups_what_finished_by_type_and_end_user_as_json_and_csv_and_keeps_to_one_type_when_asked()
    {
        var bot = await FundedUserAsync(100_000);
        var from = DateTimeOffset.UtcNow.AddMinutes(-1);
        var jobs = new[]
        {
            await bot.SubmitAsync(Flaky(50, endUser: "erin")),
            await bot.SubmitAsync(Flaky(50, failAttempts: 1, endUser: "erin")),
            await bot.SubmitAsync(Flaky(50, endUser: "frank")),
        };
        var done = new List<Job>();
        foreach (var job in jobs)
            done.Add(await bot.WaitForCompletionAsync(job.Id, TimeSpan.FromSeconds(30)));
        var to = DateTimeOffset.UtcNow.AddMinutes(1);

        var byEndUser = await bot.GetUsageAsync(from, to, "endUser");
        var byType = await bot.GetUsageAsync(from, to, "type");
        var csv = await bot.GetUsageCsvAsync(from, to, "endUser");
        var badGrouping = await Refused(() => bot.GetUsageAsync(from, to, "colour"));
        var flakyByDay = await bot.GetUsageAsync(from, to, "day", type: "flaky");
        var noopByDay = await bot.GetUsageAsync(from, to, "day", type: "noop");
        var badType = await Refused(() => bot.GetUsageAsync(from, to, "day", type: "Not A Type"));

        var erin = done.Where(job => job.EndUser == "erin").ToList();
        byEndUser.Rows.Select(row => (row.Key, row.Jobs, row.Failures, row.Credits))
            .Should().Equal(("erin", 2, 1, erin.Sum(job => job.Credits!.Charged)), ("frank", 1, 0, done[2].Credits!.Charged));
        byEndUser.Rows.Should().OnlyContain(row => row.RunSeconds >= 0.05 * row.Jobs);
        byType.Rows.Should().ContainSingle().Which.Should().Be(byEndUser.Total with { Key = "flaky" });
        byEndUser.Total.Credits.Should().Be(done.Sum(job => job.Credits!.Charged));
        var lines = csv.Split("\r\n", StringSplitOptions.RemoveEmptyEntries);
        lines[0].Should().Be("endUser,credits,jobs,run_seconds,failures");
        lines.Skip(1).Select(line => line.Split(',')[0]).Should().Equal("erin", "frank");
        badGrouping.Errors.Should().ContainKey("groupBy");
        flakyByDay.Total.Should().Be(byEndUser.Total);
        noopByDay.Rows.Should().BeEmpty();
        badType.Errors.Should().ContainKey("type");
    }

    [Fact]
    public async Task The_allowance_is_granted_once_a_period_however_many_ask_at_once()
    {
        var person = await App.CreateUserAsync();
        var user = person.Client;
        await using var sibling = App.StartSibling(CreditsFixture.Settings);
        var other = sibling.ClientFor(person);

        var balances = await Task.WhenAll(Enumerable.Range(0, 12).Select(i => i % 2 == 0 ? user.GetCreditsAsync() : other.GetCreditsAsync()));
        var fromOtherHost = await other.GetCreditsAsync();

        balances.Should().OnlyContain(balance => balance.Allowance!.Amount == Allowance && balance.Allowance.Period == "month");
        fromOtherHost.Balance.Should().Be(Allowance);
        (await user.ListLedgerAsync()).Items.Should().ContainSingle().Which.Kind.Should().Be("allowance");
    }

    [Fact]
    public async Task A_balance_falling_below_the_owners_threshold_is_told_once_by_notification_and_webhook()
    {
        var user = await FundedUserAsync(1000);
        await using var receiver = await WebhookReceiver.StartAsync();
        var url = receiver.NewUrl();
        var badUrl = await Refused(() => user.SetCreditSettingsAsync(new CreditSettings(LowBalanceThreshold: 700, LowBalanceWebhook: "ftp://example.com")));
        await user.SetCreditSettingsAsync(new CreditSettings(LowBalanceThreshold: 700, LowBalanceWebhook: url));

        await user.SubmitAsync(Flaky(0, runAt: DateTimeOffset.UtcNow.AddHours(1)));
        var told = await Eventually.ReadAsync(() => user.ListNotificationsAsync(), page => page.Items.Any(n => n.Kind == NotificationKind.BalanceLow),
            "a low balance is told", TimeSpan.FromSeconds(10));
        var call = await receiver.NextAsync(url, TimeSpan.FromSeconds(10));
        await Task.Delay(1000);

        badUrl.Errors.Should().ContainKey("lowBalanceWebhook");
        var payload = JsonSerializer.Deserialize<BalanceWebhookPayload>(call.Body, Platform.Contracts.PlatformJson.Options)!;
        (payload.Type, payload.Balance.Available, payload.Balance.Settings.LowBalanceThreshold).Should().Be(("balance.low", 1000 + Allowance - MostFor(5), 700L));
        told.Items.Single(n => n.Kind == NotificationKind.BalanceLow).Message.Should().Contain($"{1000 + Allowance - MostFor(5)}");
        (await user.ListNotificationsAsync()).Items.Count(n => n.Kind == NotificationKind.BalanceLow).Should().Be(1, "it is told once until it rises again");
    }

    [Fact]
    public async Task An_admin_adjusts_within_what_is_held_and_refunds_at_most_what_a_job_paid()
    {
        var user = await FundedUserAsync(1000);
        var owner = await OwnerIdAsync(user);
        var paid = await user.WaitForCompletionAsync((await user.SubmitAsync(Flaky(100))).Id, TimeSpan.FromSeconds(30));
        await user.SubmitAsync(Flaky(0, runAt: DateTimeOffset.UtcNow.AddHours(1)));
        var balance = await user.GetCreditsAsync();

        var tooMuch = await Refused(() => Admin.AdjustCreditsAsync(owner, -(balance.Available + 1), "too much"));
        await Admin.AdjustCreditsAsync(owner, -balance.Available, "all that is free");
        var refund = await Admin.RefundJobAsync(paid.Id, "it came out wrong");
        var again = await Refused(() => Admin.RefundJobAsync(paid.Id, "once more"));
        var final = await user.GetCreditsAsync();

        tooMuch.Code.Should().Be("credits_held");
        refund.Amount.Should().Be(paid.Credits!.Charged);
        again.Code.Should().Be("refund_too_large");
        (final.Balance, final.Available).Should().Be((MostFor(5) + paid.Credits.Charged, paid.Credits.Charged));
        (await Admin.CheckLedgerAsync()).Differences.Should().BeEmpty();
    }

    [Fact]
    public async Task The_store_itself_refuses_a_hold_the_balance_cannot_cover_whatever_was_read_before_and_stores_nothing()
    {
        var user = await FundedUserAsync(100);
        var ownerId = await OwnerIdAsync(user);
        var job = new JobSubmitted("flaky", JsonSerializer.SerializeToElement(new { }), 5, ownerId, DateTimeOffset.UtcNow,
            Timeout: TimeSpan.FromSeconds(5), Price: new JobPrice(PerRun, PerSecond));

        var refused = await FluentActions.Awaiting(() => App.Service<JobStore>().SubmitManyAsync([(Guid.CreateVersion7(), job)], null, null,
            TimeSpan.FromHours(1), CancellationToken.None)).Should().ThrowAsync<CreditsRanShort>();

        refused.Which.Needed.Should().Be(MostFor(5));
        (await user.ListJobsAsync()).Items.Should().BeEmpty();
        (await user.GetCreditsAsync()).Held.Should().Be(0);
    }

    private async Task<PlatformClient> FundedUserAsync(long credits)
    {
        var user = (await App.CreateUserAsync()).Client;
        await Admin.GrantCreditsAsync(await OwnerIdAsync(user), credits, "for the test");
        return user;
    }

    private static async Task<string> OwnerIdAsync(PlatformClient user) => (await user.GetCreditsAsync()).OwnerId;
}
