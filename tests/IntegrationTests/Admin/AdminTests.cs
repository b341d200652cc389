using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using Platform.Client;
using Platform.Contracts;
using Platform.Contracts.Accounts;
using Platform.Contracts.Admin;
using Platform.Contracts.Jobs;
using Platform.IntegrationTests.Infrastructure;
using Platform.IntegrationTests.Jobs;
using static Platform.IntegrationTests.Accounts.SignInTests;

namespace Platform.IntegrationTests.Admin;

public sealed class AdminTests(AdminFixture fixture) : IClassFixture<AdminFixture>
{
    private PlatformApplication App => fixture.Application;

    [Fact]
    public async Task An_admin_sees_every_users_jobs_and_the_system_figures()
    {
        var alice = await App.CreateUserAsync();
        var bob = await App.CreateUserAsync();
        var alicesJob = await alice.Client.SubmitAsync(CancelJobTests.LongGeneration(steps: 2));
        var bobsJob = await bob.Client.SubmitAsync(CancelJobTests.LongGeneration(steps: 2));

        var jobs = await GetAsync<Page<Job>>(fixture.Admin, "api/v1/admin/jobs?pageSize=100");
        var onlyBobs = await GetAsync<Page<Job>>(fixture.Admin, $"api/v1/admin/jobs?owner={bob.Id}");
        var stats = await GetAsync<SystemStats>(fixture.Admin, "api/v1/admin/stats");

        jobs.Items.Select(j => j.Id).Should().Contain([alicesJob.Id, bobsJob.Id]);
        onlyBobs.Items.Select(j => j.Id).Should().Equal(bobsJob.Id);
        stats.Users.Should().BeGreaterThanOrEqualTo(3);
        stats.Jobs.Total.Should().BeGreaterThanOrEqualTo(2);
    }

    [Fact]
    public async Task A_user_who_is_not_an_admin_is_forbidden_every_admin_endpoint()
    {
        var user = await App.CreateUserAsync();

        foreach (var path in new[] { "api/v1/admin/users", "api/v1/admin/jobs", "api/v1/admin/stats", "api/v1/admin/audit" })
        {
            using var response = await Http(user).GetAsync(path);
            response.StatusCode.Should().Be(HttpStatusCode.Forbidden, path);
        }
        using var disable = await Http(user).PostAsync($"api/v1/admin/users/{fixture.Admin.Id}/disable", null);
        disable.StatusCode.Should().Be(HttpStatusCode.Forbidden);
    }

    [Fact]
    public async Task A_disabled_user_loses_tokens_sessions_and_keys_at_once_and_gets_them_back_when_enabled()
    {
        var user = await App.CreateUserAsync();
        var (bot, _) = await user.WithApiKeyAsync(Scopes.JobsRead);
        await bot.GetStatsAsync();

        (await PostAsync<AdminUser>(fixture.Admin, $"api/v1/admin/users/{user.Id}/disable")).Disabled.Should().BeTrue();

        (await Refused(() => user.Client.GetProfileAsync())).Status.Should().Be(HttpStatusCode.Unauthorized);
        (await Refused(() => bot.GetStatsAsync())).Status.Should().Be(HttpStatusCode.Unauthorized);
        var anonymous = App.CreateAnonymousClient();
        (await Refused(() => anonymous.RefreshAsync(user.Tokens.RefreshToken))).Status.Should().Be(HttpStatusCode.Unauthorized);
        (await Refused(() => anonymous.LoginAsync(new LoginRequest(user.Email, user.Password)))).Code.Should().Be("account_disabled");

        await PostAsync<AdminUser>(fixture.Admin, $"api/v1/admin/users/{user.Id}/enable");

        (await bot.GetStatsAsync()).Total.Should().Be(0);
        (await anonymous.LoginAsync(new LoginRequest(user.Email, user.Password))).AccessToken.Should().NotBeNullOrEmpty();
    }

    [Fact]
    public async Task A_role_change_takes_effect_with_the_next_sign_in_and_voids_older_tokens()
    {
        var user = await App.CreateUserAsync();

        using var response = await Http(fixture.Admin).PutAsJsonAsync($"api/v1/admin/users/{user.Id}/role", new ChangeRoleRequest(Roles.Admin), PlatformJson.Options);
        response.StatusCode.Should().Be(HttpStatusCode.OK);

        (await Refused(() => user.Client.GetProfileAsync())).Status.Should().Be(HttpStatusCode.Unauthorized);
        var promoted = await App.CreateAnonymousClient().LoginAsync(new LoginRequest(user.Email, user.Password));
        using var adminCall = await Http(promoted.AccessToken).GetAsync("api/v1/admin/stats");
        adminCall.StatusCode.Should().Be(HttpStatusCode.OK);
    }

    [Fact]
    public async Task The_last_admin_cannot_be_demoted_nor_disable_themselves()
    {
        var admins = await GetAsync<Page<AdminUser>>(fixture.Admin, "api/v1/admin/users?pageSize=100");
        foreach (var other in admins.Items.Where(u => u.Role == Roles.Admin && u.Id != fixture.Admin.Id))
            await Http(fixture.Admin).PutAsJsonAsync($"api/v1/admin/users/{other.Id}/role", new ChangeRoleRequest(Roles.User), PlatformJson.Options);

        using var demote = await Http(fixture.Admin).PutAsJsonAsync($"api/v1/admin/users/{fixture.Admin.Id}/role", new ChangeRoleRequest(Roles.User), PlatformJson.Options);
        using var disable = await Http(fixture.Admin).PostAsync($"api/v1/admin/users/{fixture.Admin.Id}/disable", null);

        demote.StatusCode.Should().Be(HttpStatusCode.Conflict);
        disable.StatusCode.Should().Be(HttpStatusCode.Conflict);
    }

    [Fact]
    public async Task Sensitive_actions_are_in_the_audit_log()
    {
        var user = await App.CreateUserAsync();
        await Refused(() => App.CreateAnonymousClient().LoginAsync(new LoginRequest(user.Email, "a wrong password here")));
        var (_, key) = await user.WithApiKeyAsync(Scopes.JobsRead);
        await user.Client.RevokeApiKeyAsync(key.Id);
        await PostAsync<AdminUser>(fixture.Admin, $"api/v1/admin/users/{user.Id}/disable");

        var audit = await GetAsync<Page<AuditRecord>>(fixture.Admin, $"api/v1/admin/audit?userId={user.Id}");

        audit.Items.Select(e => e.Action).Should().Contain(["login.failed", "api_key.created", "api_key.revoked", "user.disabled"]);
        audit.Items.Single(e => e.Action == "user.disabled").ActorId.Should().Be(fixture.Admin.Id);
        audit.Items.Single(e => e.Action == "login.failed").Succeeded.Should().BeFalse();
        audit.Items.Should().OnlyContain(e => e.RequestId != null);
    }

    private HttpClient Http(TestUser user) => Http(user.Tokens.AccessToken);

    private HttpClient Http(string accessToken) =>
        new() { BaseAddress = App.ClientOptions.BaseAddress, DefaultRequestHeaders = { Authorization = new AuthenticationHeaderValue("Bearer", accessToken) } };

    private async Task<T> GetAsync<T>(TestUser user, string path) =>
        (await Http(user).GetFromJsonAsync<T>(path, PlatformJson.Options))!;

    private async Task<T> PostAsync<T>(TestUser user, string path)
    {
        using var response = await Http(user).PostAsync(path, null);
        response.EnsureSuccessStatusCode();
        return (await response.Content.ReadFromJsonAsync<T>(PlatformJson.Options))!;
    }
}
