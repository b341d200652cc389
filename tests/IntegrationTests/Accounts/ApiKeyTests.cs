using System.Net;
using Marten;
using Platform.Contracts.Accounts;
using Platform.Contracts.Jobs;
using Platform.IntegrationTests.Infrastructure;
using Platform.IntegrationTests.Jobs;
using Platform.Storage.Accounts;
using static Platform.IntegrationTests.Accounts.SignInTests;

namespace Platform.IntegrationTests.Accounts;

public sealed class ApiKeyTests(PlatformFixture platform) : IClassFixture<PlatformFixture>
{
    private PlatformApplication App => platform.Application;

    [Fact]
    public async Task A_key_is_shown_once_and_listed_by_its_prefix_only()
    {
        var user = await App.CreateUserAsync();

        var (_, created) = await user.WithApiKeyAsync(Scopes.JobsRead);

        created.Secret.Should().StartWith(created.Prefix);
        var listed = (await user.Client.ListApiKeysAsync()).Should().ContainSingle().Which;
        listed.Prefix.Should().Be(created.Prefix);
        listed.Scopes.Should().Equal(Scopes.JobsRead);
    }

    [Fact]
    public async Task A_key_does_what_its_scopes_allow_and_nothing_more()
    {
        var user = await App.CreateUserAsync();
        var (reader, _) = await user.WithApiKeyAsync(Scopes.JobsRead);
        var (writer, _) = await user.WithApiKeyAsync(Scopes.JobsWrite);

        var job = await writer.SubmitAsync(CancelJobTests.LongGeneration(steps: 2));

        (await reader.GetJobAsync(job.Id)).Id.Should().Be(job.Id);
        (await Refused(() => reader.SubmitAsync(CancelJobTests.LongGeneration(steps: 2)))).Status.Should().Be(HttpStatusCode.Forbidden);
        (await Refused(() => reader.CancelAsync(job.Id))).Status.Should().Be(HttpStatusCode.Forbidden);
        (await Refused(() => writer.GetJobAsync(job.Id))).Status.Should().Be(HttpStatusCode.Forbidden);
        (await Refused(() => reader.GetProfileAsync())).Status.Should().Be(HttpStatusCode.Forbidden, "keys never manage the account");
        (await Refused(() => reader.CreateApiKeyAsync(new CreateApiKeyRequest("more", [Scopes.JobsWrite])))).Status.Should().Be(HttpStatusCode.Forbidden);
    }

    [Fact]
    public async Task A_key_subscribes_to_its_owners_jobs_over_the_hub()
    {
        var user = await App.CreateUserAsync();
        var (bot, _) = await user.WithApiKeyAsync(Scopes.JobsRead, Scopes.JobsWrite);
        var job = await bot.SubmitAsync(CancelJobTests.LongGeneration(steps: 2));

        await using var watcher = await JobWatcher.StartAsync(bot, job.Id);

        (await watcher.WaitForFinishAsync()).Kind.Should().Be(JobEventKind.Succeeded);
    }

    [Fact]
    public async Task A_revoked_key_is_refused()
    {
        var user = await App.CreateUserAsync();
        var (bot, created) = await user.WithApiKeyAsync(Scopes.JobsRead);
        (await bot.GetStatsAsync()).Total.Should().Be(0);

        await user.Client.RevokeApiKeyAsync(created.Id);

        (await Refused(() => bot.GetStatsAsync())).Status.Should().Be(HttpStatusCode.Unauthorized);
        (await user.Client.ListApiKeysAsync()).Should().BeEmpty();
    }

    [Fact]
    public async Task An_expired_key_is_refused()
    {
        var user = await App.CreateUserAsync();
        var (bot, created) = await user.WithApiKeyAsync(Scopes.JobsRead);
        await using (var documents = App.Service<IDocumentStore>().LightweightSession())
        {
            var key = await documents.LoadAsync<ApiKeyRecord>(created.Id);
            key!.ExpiresAt = DateTimeOffset.UtcNow.AddSeconds(-1);
            documents.Update(key);
            await documents.SaveChangesAsync();
        }

        (await Refused(() => bot.GetStatsAsync())).Status.Should().Be(HttpStatusCode.Unauthorized);
    }

    [Fact]
    public async Task An_unknown_key_is_refused()
    {
        var response = await App.HttpWithKey("pk_" + new string('x', 43)).GetAsync("api/v1/jobs/stats");

        response.StatusCode.Should().Be(HttpStatusCode.Unauthorized);
    }

    [Fact]
    public async Task A_key_records_when_it_was_last_used()
    {
        var user = await App.CreateUserAsync();
        var (bot, created) = await user.WithApiKeyAsync(Scopes.JobsRead);
        created.CreatedAt.Should().BeCloseTo(DateTimeOffset.UtcNow, TimeSpan.FromMinutes(1));

        await bot.GetStatsAsync();

        (await user.Client.ListApiKeysAsync()).Single().LastUsedAt.Should().NotBeNull();
    }

    [Theory]
    [InlineData("", "name")]
    [InlineData("everything", "scopes")]
    public async Task A_bad_key_request_is_refused_naming_the_field(string name, string field)
    {
        var user = await App.CreateUserAsync();
        string[] scopes = field == "scopes" ? ["jobs:delete"] : [Scopes.JobsRead];

        var refused = await Refused(() => user.Client.CreateApiKeyAsync(new CreateApiKeyRequest(name, scopes)));

        refused.Status.Should().Be(HttpStatusCode.BadRequest);
        refused.Errors.Should().ContainKey(field);
    }

    [Fact]
    public async Task Only_an_admin_may_create_a_key_with_the_admin_scope()
    {
        await using var fresh = await PlatformApplication.StartAsync("admin-keys");
        var admin = await fresh.CreateUserAsync();
        var user = await fresh.CreateUserAsync();

        (await admin.Client.CreateApiKeyAsync(new CreateApiKeyRequest("ops", [Scopes.Admin], Password: admin.Password))).Scopes.Should().Contain(Scopes.Admin);
        var refused = await Refused(() => user.Client.CreateApiKeyAsync(new CreateApiKeyRequest("ops", [Scopes.Admin], Password: user.Password)));
        refused.Errors.Should().ContainKey("scopes");
    }

    [Fact]
    public async Task A_key_with_the_admin_scope_is_created_only_with_the_current_password()
    {
        await using var fresh = await PlatformApplication.StartAsync("admin-key-password");
        var admin = await fresh.CreateUserAsync();

        var withoutPassword = await Refused(() => admin.Client.CreateApiKeyAsync(new CreateApiKeyRequest("ops", [Scopes.JobsRead, Scopes.Admin])));
        var wrongPassword = await Refused(() => admin.Client.CreateApiKeyAsync(new CreateApiKeyRequest("ops", [Scopes.Admin], Password: "not my password")));

        withoutPassword.Status.Should().Be(HttpStatusCode.BadRequest);
        withoutPassword.Errors.Should().ContainKey("password");
        wrongPassword.Status.Should().Be(HttpStatusCode.BadRequest);
        wrongPassword.Errors.Should().ContainKey("password");
        (await admin.Client.ListApiKeysAsync()).Should().BeEmpty("nothing was created");
        var created = await admin.Client.CreateApiKeyAsync(new CreateApiKeyRequest("ops", [Scopes.Admin], Password: admin.Password));
        created.Scopes.Should().Equal(Scopes.Admin);
        (await admin.Client.ListApiKeysAsync()).Should().ContainSingle();
        (await admin.Client.CreateApiKeyAsync(new CreateApiKeyRequest("reader", [Scopes.JobsRead]))).Scopes.Should().Equal(new[] { Scopes.JobsRead },
            "a key without the admin scope needs no password");
    }
}
