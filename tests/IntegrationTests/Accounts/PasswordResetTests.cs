using System.Net;
using System.Net.Http.Json;
using System.Text.RegularExpressions;
using MimeKit;
using Platform.Client;
using Platform.Contracts.Accounts;
using Platform.IntegrationTests.Infrastructure;
using Platform.IntegrationTests.Mail;
using static Platform.IntegrationTests.Accounts.SignInTests;

namespace Platform.IntegrationTests.Accounts;

/// <summary>Forgotten passwords, end to end: the request, the mail a real SMTP server takes, and the link's token.</summary>
public sealed partial class PasswordResetTests(MailFixture mail) : IClassFixture<MailFixture>
{
    private const string NewPassword = "a fresh and quite long passphrase";

    private PlatformApplication App => mail.Application;

    [Fact]
    public async Task A_mailed_link_sets_a_new_password_and_ends_every_session_of_the_account()
    {
        var user = await App.CreateUserAsync();
        var anonymous = App.CreateAnonymousClient();
        var phone = await anonymous.LoginAsync(new LoginRequest(user.Email, user.Password, "phone"));

        await anonymous.ForgotPasswordAsync(user.Email);
        var message = (await mail.MailToAsync(user.Email)).Single();
        message.Subject.Should().Be("Reset your Platform password");
        message.TextBody.Should().Contain($"{MailFixture.PublicUrl}/#/reset-password?token=");
        await anonymous.ResetPasswordAsync(TokenIn(message), NewPassword);

        (await Refused(() => anonymous.LoginAsync(new LoginRequest(user.Email, user.Password)))).Code.Should().Be("invalid_credentials");
        foreach (var session in new[] { user.Tokens, phone })
        {
            (await Refused(() => anonymous.RefreshAsync(session.RefreshToken))).Code.Should().Be("invalid_refresh_token");
            (await Refused(() => anonymous.WithCredentials(PlatformCredentials.Bearer(session.AccessToken)).GetProfileAsync()))
                .Status.Should().Be(HttpStatusCode.Unauthorized, "access ends with the password");
        }
        var signedIn = await anonymous.LoginAsync(new LoginRequest(user.Email, NewPassword));
        (await anonymous.WithCredentials(PlatformCredentials.Bearer(signedIn.AccessToken)).GetProfileAsync()).Id.Should().Be(user.Id);
    }

    [Fact]
    public async Task A_link_works_once()
    {
        var user = await App.CreateUserAsync();
        var anonymous = App.CreateAnonymousClient();
        await anonymous.ForgotPasswordAsync(user.Email);
        var token = TokenIn((await mail.MailToAsync(user.Email)).Single());
        await anonymous.ResetPasswordAsync(token, NewPassword);

        var again = await Refused(() => anonymous.ResetPasswordAsync(token, "yet another long passphrase"));

        again.Status.Should().Be(HttpStatusCode.BadRequest);
        again.Code.Should().Be("reset_token_invalid");
        again.Errors.Should().ContainKey("token");
        await anonymous.LoginAsync(new LoginRequest(user.Email, NewPassword));
    }

    [Fact]
    public async Task Changing_the_password_spends_the_reset_links_already_sent()
    {
        var user = await App.CreateUserAsync();
        var anonymous = App.CreateAnonymousClient();
        await anonymous.ForgotPasswordAsync(user.Email);
        var token = TokenIn((await mail.MailToAsync(user.Email)).Single());

        await user.Client.ChangePasswordAsync(new ChangePasswordRequest(user.Password, NewPassword));

        (await Refused(() => anonymous.ResetPasswordAsync(token, "yet another long passphrase"))).Code.Should().Be("reset_token_invalid");
    }

    [Fact]
    public async Task A_link_past_its_lifetime_is_refused()
    {
        var user = await App.CreateUserAsync();
        var anonymous = App.CreateAnonymousClient();
        await anonymous.ForgotPasswordAsync(user.Email);
        var token = TokenIn((await mail.MailToAsync(user.Email)).Single());

        using (mail.Clock.Advance(TimeSpan.FromMinutes(61)))
            (await Refused(() => anonymous.ResetPasswordAsync(token, NewPassword))).Code.Should().Be("reset_token_invalid");

        await anonymous.LoginAsync(new LoginRequest(user.Email, user.Password));
    }

    [Fact]
    public async Task A_weak_password_is_refused_naming_it_and_the_link_still_works()
    {
        var user = await App.CreateUserAsync();
        var anonymous = App.CreateAnonymousClient();
        await anonymous.ForgotPasswordAsync(user.Email);
        var token = TokenIn((await mail.MailToAsync(user.Email)).Single());

        var weak = await Refused(() => anonymous.ResetPasswordAsync(token, "short"));
        var unknown = await Refused(() => anonymous.ResetPasswordAsync($"{Guid.NewGuid():N}.made-up", NewPassword));

        weak.Errors.Should().ContainKey("password");
        unknown.Code.Should().Be("reset_token_invalid");
        await anonymous.ResetPasswordAsync(token, NewPassword);
    }

    [Fact]
    public async Task An_unknown_address_is_answered_alike_and_sent_nothing()
    {
        var user = await App.CreateUserAsync();
        var stranger = $"nobody-{Guid.NewGuid():N}@test.example";
        using var http = new HttpClient { BaseAddress = App.ClientOptions.BaseAddress };

        using var forUnknown = await http.PostAsJsonAsync("api/v1/auth/forgot-password", new ForgotPasswordRequest(stranger));
        using var forKnown = await http.PostAsJsonAsync("api/v1/auth/forgot-password", new ForgotPasswordRequest(user.Email));

        forUnknown.StatusCode.Should().Be(HttpStatusCode.Accepted);
        forKnown.StatusCode.Should().Be(HttpStatusCode.Accepted);
        (await forUnknown.Content.ReadAsStringAsync()).Should().Be(await forKnown.Content.ReadAsStringAsync()).And.BeEmpty();
        // Mail leaves in the order it was queued: once the later one has arrived, the earlier one would have too.
        await mail.MailToAsync(user.Email);
        (await mail.Smtp.ReceivedAsync()).Should().NotContain(m => m.To.Mailboxes.Any(to => to.Address == stranger));
        (await mail.QueuedAttemptsAsync(stranger)).Should().BeEmpty();
    }

    internal static string TokenIn(MimeMessage message) =>
        Uri.UnescapeDataString(ResetLink().Match(message.TextBody ?? "").Groups[1].Value);

    [GeneratedRegex(@"#/reset-password\?token=(\S+)")]
    private static partial Regex ResetLink();
}
