using Platform.Contracts.Jobs;
using Platform.IntegrationTests.Jobs;

namespace Platform.IntegrationTests.Accounts;

public sealed partial class IsolationTests
{
    [Fact]
    public async Task Balances_ledgers_and_usage_show_only_the_callers_own_even_asked_for_anothers_job_or_end_user()
    {
        var owner = await App.CreateUserAsync();
        var stranger = await App.CreateUserAsync();
        // Due in an hour, so the cancel ends it at once and it counts as finished.
        var job = await owner.Client.SubmitAsync(CancelJobTests.LongGeneration(steps: 2) with
        {
            EndUser = "owners-chat-user", RunAt = DateTimeOffset.UtcNow.AddHours(1),
        });
        (await owner.Client.CancelAsync(job.Id)).Status.Should().Be(JobStatus.Cancelled);
        var (from, to) = (DateTimeOffset.UtcNow.AddHours(-1), DateTimeOffset.UtcNow.AddHours(1));

        var ownersLedger = (await owner.Client.ListLedgerAsync()).Items;
        var ownersUsage = await owner.Client.GetUsageAsync(from, to, "endUser");
        var strangers = await stranger.Client.GetCreditsAsync();

        ownersLedger.Should().ContainSingle().Which.Kind.Should().Be("allowance");
        ownersUsage.Rows.Select(row => (row.Key, row.Jobs)).Should().Equal(("owners-chat-user", 1L));
        (strangers.OwnerId, strangers.Balance).Should().Be((stranger.Id.ToString(), 100));
        (await stranger.Client.ListLedgerAsync(jobId: job.Id)).Items.Should().BeEmpty();
        (await stranger.Client.ListLedgerAsync(endUser: "owners-chat-user")).Items.Should().BeEmpty();
        (await stranger.Client.ListLedgerAsync()).Items.Should().OnlyContain(entry => entry.Kind == "allowance" && entry.Amount == 100);
        (await stranger.Client.GetUsageAsync(from, to, "endUser")).Rows.Should().BeEmpty();
        (await stranger.Client.GetUsageAsync(from, to, "type")).Total.Jobs.Should().Be(0);
    }
}
