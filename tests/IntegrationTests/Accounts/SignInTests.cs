using System.Net;
using Platform.Client;
using Platform.Contracts.Accounts;
using Platform.IntegrationTests.Infrastructure;

namespace Platform.IntegrationTests.Accounts;

public sealed class SignInTests(PlatformFixture platform) : IClassFixture<PlatformFixture>
{
    private PlatformApplication App => platform.Application;

    [Fact]
    public async Task A_registered_user_signs_in_and_calls_the_api_with_the_access_token()
    {
        var user = await App.CreateUserAsync();

        var profile = await user.Client.GetProfileAsync();

        profile.Id.Should().Be(user.Id);
        profile.Email.Should().Be(user.Email);
        (await user.Client.GetStatsAsync()).Total.Should().Be(0);
    }

    [Fact]
    public async Task The_first_user_to_register_is_an_admin_and_the_next_are_not()
    {
        await using var fresh = await PlatformApplication.StartAsync("first-admin");

        var first = await fresh.CreateUserAsync();
        var second = await fresh.CreateUserAsync();

        (await first.Client.GetProfileAsync()).Role.Should().Be(Roles.Admin);
        (await second.Client.GetProfileAsync()).Role.Should().Be(Roles.User);
    }

    [Fact]
    public async Task An_unknown_email_and_a_wrong_password_get_the_same_answer()
    {
        var user = await App.CreateUserAsync();
        var anonymous = App.CreateAnonymousClient();

        var wrongPassword = await Refused(() => anonymous.LoginAsync(new LoginRequest(user.Email, "not the password at all")));
        var unknownUser = await Refused(() => anonymous.LoginAsync(new LoginRequest($"nobody-{Guid.NewGuid():N}@test.example", "not the password at all")));

        wrongPassword.Status.Should().Be(HttpStatusCode.Unauthorized);
        wrongPassword.Code.Should().Be("invalid_credentials");
        (unknownUser.Status, unknownUser.Code, unknownUser.Title, unknownUser.Detail)
            .Should().Be((wrongPassword.Status, wrongPassword.Code, wrongPassword.Title, wrongPassword.Detail));
    }

    [Theory]
    [InlineData("short", "password")]
    [InlineData("1234567890", "password")]
    [InlineData("aaaaaaaaaaaaaaa", "password")]
    public async Task A_weak_password_is_refused_naming_the_field(string password, string field)
    {
        var refused = await Refused(() => App.CreateAnonymousClient().RegisterAsync(new RegisterRequest($"weak-{Guid.NewGuid():N}@test.example", password)));

        refused.Status.Should().Be(HttpStatusCode.BadRequest);
        refused.Errors.Should().ContainKey(field);
    }

    [Theory]
    [InlineData("not-an-email")]
    [InlineData("")]
    public async Task A_bad_email_is_refused_naming_the_field(string email)
    {
        var refused = await Refused(() => App.CreateAnonymousClient().RegisterAsync(new RegisterRequest(email, TestUser.DefaultPassword)));

        refused.Status.Should().Be(HttpStatusCode.BadRequest);
        refused.Errors.Should().ContainKey("email");
    }

    [Fact]
    public async Task Registering_an_email_twice_is_a_conflict_whatever_its_case()
    {
        var user = await App.CreateUserAsync();

        var refused = await Refused(() => App.CreateAnonymousClient().RegisterAsync(new RegisterRequest(user.Email.ToUpperInvariant(), TestUser.DefaultPassword)));

        refused.Status.Should().Be(HttpStatusCode.Conflict);
        refused.Code.Should().Be("email_taken");
    }

    [Fact]
    public async Task A_profile_change_is_kept()
    {
        var user = await App.CreateUserAsync();

        await user.Client.UpdateProfileAsync(new UpdateProfileRequest("Ada", new UserSettings(new NotificationPreferences(JobSucceeded: false))));

        var profile = await user.Client.GetProfileAsync();
        profile.DisplayName.Should().Be("Ada");
        profile.Settings.Notifications.JobSucceeded.Should().BeFalse();
        profile.Settings.Notifications.JobFailed.Should().BeTrue();
    }

    [Fact]
    public async Task Simultaneous_profile_changes_are_each_kept_whole_or_refused_as_a_conflict()
    {
        var user = await App.CreateUserAsync();
        var names = Enumerable.Range(1, 12).Select(i => $"name {i}").ToList();

        var outcomes = await Task.WhenAll(names.Select(async name =>
        {
            try
            {
                await user.Client.UpdateProfileAsync(new UpdateProfileRequest(name));
                return HttpStatusCode.OK;
            }
            catch (PlatformApiException e)
            {
                return e.Status;
            }
        }));

        outcomes.Should().OnlyContain(status => status == HttpStatusCode.OK || status == HttpStatusCode.Conflict);
        names.Should().Contain((await user.Client.GetProfileAsync()).DisplayName);
    }

    [Fact]
    public async Task Changing_the_password_voids_old_tokens_and_other_sessions_but_not_this_one()
    {
        var user = await App.CreateUserAsync();
        var anonymous = App.CreateAnonymousClient();
        var otherDevice = await anonymous.LoginAsync(new LoginRequest(user.Email, user.Password, "phone"));
        const string newPassword = "a brand new passphrase";

        await user.Client.ChangePasswordAsync(new ChangePasswordRequest(user.Password, newPassword));

        (await Refused(() => user.Client.GetProfileAsync())).Status.Should().Be(HttpStatusCode.Unauthorized, "the old access token carries the old stamp");
        (await Refused(() => anonymous.RefreshAsync(otherDevice.RefreshToken))).Code.Should().Be("invalid_refresh_token");
        var renewed = await anonymous.RefreshAsync(user.Tokens.RefreshToken);
        (await anonymous.WithCredentials(PlatformCredentials.Bearer(renewed.AccessToken)).GetProfileAsync()).Id.Should().Be(user.Id);
        (await Refused(() => anonymous.LoginAsync(new LoginRequest(user.Email, user.Password)))).Code.Should().Be("invalid_credentials");
        (await anonymous.LoginAsync(new LoginRequest(user.Email, newPassword))).AccessToken.Should().NotBeNullOrEmpty();
    }

    [Fact]
    public async Task Changing_the_password_needs_the_current_one()
    {
        var user = await App.CreateUserAsync();

        var refused = await Refused(() => user.Client.ChangePasswordAsync(new ChangePasswordRequest("a wrong current password", "a brand new passphrase")));

        refused.Status.Should().Be(HttpStatusCode.BadRequest);
        refused.Errors.Should().ContainKey("currentPassword");
    }

    internal static async Task<PlatformApiException> Refused(Func<Task> call) =>
        (await call.Should().ThrowAsync<PlatformApiException>()).Which;
}
