using System.Net;
using Platform.Contracts.Organizations;
using Platform.IntegrationTests.Infrastructure;
using Platform.IntegrationTests.Organizations;

namespace Platform.IntegrationTests.Safety;

/// <summary>An organization's members share one budget, each with a share of it, so no one member spends everyone's.</summary>
public sealed class OrganizationRateLimitTests : IAsyncLifetime
{
    private PlatformApplication _application = null!;

    public async Task InitializeAsync() =>
        _application = await PlatformApplication.StartAsync("org-limits", new Dictionary<string, string?>
        {
            ["RateLimits:Plans:standard:PermitsPerMinute"] = "6",
            ["RateLimits:MemberPercent"] = "50",
        });

    public async Task DisposeAsync() => await _application.DisposeAsync();

    [Fact]
    public async Task A_member_over_their_share_leaves_the_rest_to_the_team_and_the_team_shares_one_budget()
    {
        var owner = await _application.CreateUserAsync();
        var organization = await owner.Client.CreateOrganizationAsync("busy studio");
        var first = await Team.JoinAsync(_application, owner, organization.Id, OrganizationRole.Member);
        var second = await Team.JoinAsync(_application, owner, organization.Id, OrganizationRole.Member);

        var firsts = await StatusesAsync(first, organization.Id, 4);
        var seconds = await StatusesAsync(second, organization.Id, 3);
        var owners = await StatusesAsync(owner, organization.Id, 1);
        var ownOnly = await StatusesAsync(first, organizationId: null, 1);

        firsts.Should().Equal([HttpStatusCode.OK, HttpStatusCode.OK, HttpStatusCode.OK, HttpStatusCode.TooManyRequests], "a member has half the budget");
        seconds.Should().Equal([HttpStatusCode.OK, HttpStatusCode.OK, HttpStatusCode.OK], "the first member's refused call spent nothing of the team's");
        owners.Should().Equal([HttpStatusCode.TooManyRequests], "the team's budget is spent, whoever calls");
        ownOnly.Should().Equal([HttpStatusCode.OK], "a member's own budget is theirs");
    }

    private async Task<IReadOnlyList<HttpStatusCode>> StatusesAsync(TestUser user, Guid? organizationId, int calls)
    {
        using var http = new HttpClient { BaseAddress = _application.ClientOptions.BaseAddress };
        http.DefaultRequestHeaders.Authorization = new("Bearer", user.Tokens.AccessToken);
        var statuses = new List<HttpStatusCode>();
        for (var i = 0; i < calls; i++)
        {
            using var response = await http.GetAsync(organizationId is { } id ? $"api/v1/jobs/stats?{ActAsParameter.Name}={id}" : "api/v1/jobs/stats");
            statuses.Add(response.StatusCode);
        }
        return statuses;
    }
}
