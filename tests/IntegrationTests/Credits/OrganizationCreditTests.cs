using System.Net;
using Platform.Contracts.Credits;
using Platform.Contracts.Notifications;
using Platform.IntegrationTests.Infrastructure;
using Platform.IntegrationTests.Organizations;
using static Platform.IntegrationTests.Accounts.SignInTests;
using static Platform.IntegrationTests.Credits.CreditsFixture;
using static Platform.IntegrationTests.Credits.CreditTests;

namespace Platform.IntegrationTests.Credits;

/// <summary>An organization pays for its members' jobs from one balance; each charge names the member, and only its admins change its limits.</summary>
public sealed class OrganizationCreditTests(CreditsFixture platform) : IClassFixture<CreditsFixture>
{
    private PlatformApplication App => platform.Application;

    [Fact]
    public async Task Members_spend_the_organizations_credits_and_its_ledger_and_usage_name_who_spent_them()
    {
        var team = await Team.FormAsync(App);
        await platform.Admin.Client.GrantCreditsAsync(team.Id.ToString(), 2000, "team budget");
        var from = DateTimeOffset.UtcNow.AddMinutes(-1);

        var job = await team.As(team.Member).SubmitAsync(Flaky(50));
        var done = await team.As(team.Member).WaitForCompletionAsync(job.Id, TimeSpan.FromSeconds(30));
        var memberSets = await Refused(() => team.As(team.Member).SetCreditSettingsAsync(new CreditSettings(LowBalanceThreshold: 5000)));
        var adminSets = await team.As(team.Admin).SetCreditSettingsAsync(new CreditSettings(LowBalanceThreshold: 5000));
        var organization = await team.As(team.Viewer).GetCreditsAsync();
        var own = await team.Member.Client.GetCreditsAsync();
        var charge = (await team.As(team.Viewer).ListLedgerAsync(kind: "charge")).Items.Single();
        var byMember = await team.As(team.Viewer).GetUsageAsync(from, DateTimeOffset.UtcNow.AddMinutes(1), "member");
        var told = await Eventually.ReadAsync(() => team.Admin.Client.ListNotificationsAsync(),
            page => page.Items.Any(n => n.Kind == NotificationKind.BalanceLow), "the organization's admins are told", TimeSpan.FromSeconds(10));

        organization.OwnerId.Should().Be(team.Id.ToString());
        organization.Balance.Should().Be(2000 + Allowance - done.Credits!.Charged, "an organization's plan has its allowance too");
        own.Balance.Should().Be(Allowance, "the member's own credits are untouched");
        (charge.JobId, charge.Member, charge.Amount).Should().Be((job.Id, team.Member.Id.ToString(), -done.Credits.Charged));
        byMember.Rows.Should().ContainSingle().Which.Key.Should().Be(team.Member.Id.ToString());
        memberSets.Status.Should().Be(HttpStatusCode.Forbidden);
        memberSets.Code.Should().Be("organization_role_required");
        adminSets.Settings.LowBalanceThreshold.Should().Be(5000);
        told.Items.Single(n => n.Kind == NotificationKind.BalanceLow).Message.Should().Contain(team.Organization.Name);
        (await team.Member.Client.ListNotificationsAsync()).Items.Should().NotContain(n => n.Kind == NotificationKind.BalanceLow,
            "only the organization's owners and admins are told");
    }
}
