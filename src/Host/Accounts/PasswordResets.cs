using JasperFx;
using Marten;
using Microsoft.Extensions.Options;
using Platform.Contracts;
using Platform.Contracts.Accounts;
using Platform.Host.Mail;
using Platform.Storage.Accounts;
using Platform.Storage.Mail;
using Platform.Storage.Outcomes;

namespace Platform.Host.Accounts;

/// <summary>
/// Forgotten passwords: a mailed link that works once and for <see cref="AccountsOptions.PasswordResetLifetime"/>, then a
/// new password that ends every session and all open access of the account. Asking answers the same whether or not the
/// account exists, so it tells no one which accounts do.
/// </summary>
public sealed class PasswordResets(
    IDocumentSession documents, Passwords passwords, RefreshSessions sessions, AccountCache accounts, AuditLog audit, DashboardLinks links,
    IOptions<AccountsOptions> options, TimeProvider clock)
{
    /// <summary>The dashboard page a reset link opens.</summary>
    public const string Page = "/reset-password";

    private const string NotChanged = "The password was not changed.";

    private static readonly Refusal InvalidToken = new(RefusalKind.Invalid, "reset_token_invalid", NotChanged,
        "The reset link is unknown, was used already or has expired: ask for a new one.")
    {
        Errors = new Dictionary<string, string[]> { ["token"] = ["is unknown, used already or expired."] },
    };

    /// <summary>Mails the account of <see cref="ForgotPasswordRequest.Email"/>, if it exists and may sign in, a link to choose a new password.</summary>
    public async Task<Outcome<bool>> RequestAsync(ForgotPasswordRequest request, CancellationToken ct)
    {
        var errors = new FieldErrors();
        errors.Required("email", request.Email);
        errors.MaxLength("email", request.Email, 254);
        if (errors.Any)
            return Refusal.Invalid(errors);

        var normalized = UserAccount.Normalize(request.Email);
        var user = await documents.Query<UserAccount>().FirstOrDefaultAsync(u => u.NormalizedEmail == normalized, ct);
        if (user is not { Disabled: false })
        {
            await audit.RecordAsync(AuditActions.PasswordResetRequested, null, user?.Id, succeeded: false, detail: user is null ? "unknown e-mail" : "account disabled");
            return true;
        }
        var now = clock.GetUtcNow();
        var lifetime = options.Value.PasswordResetLifetime;
        var id = Guid.NewGuid();
        var token = $"{id:N}.{Secrets.NewRandom()}";
        documents.Insert(new PasswordResetToken { Id = id, UserId = user.Id, TokenHash = Secrets.Hash(token), CreatedAt = now, ExpiresAt = now + lifetime });
        MailOutbox.Enqueue(documents, ResetMail(user.Email, links.To(Page, new Dictionary<string, string> { ["token"] = token }), lifetime));
        await documents.SaveChangesAsync(ct);
        await audit.RecordAsync(AuditActions.PasswordResetRequested, null, user.Id, succeeded: true);
        return true;
    }

    /// <summary>Sets the new password of a reset link's account; every session of it ends and every reset link of it is spent.</summary>
    public async Task<Outcome<bool>> ResetAsync(ResetPasswordRequest request, CancellationToken ct)
    {
        var errors = new FieldErrors();
        errors.Required("token", request.Token);
        errors.Required("password", request.Password);
        if (errors.Any)
            return Refusal.Invalid(errors, NotChanged);

        var user = await AccountOfAsync(request.Token.Trim(), ct);
        if (user is null)
        {
            await audit.RecordAsync(AuditActions.PasswordReset, null, null, succeeded: false, detail: "invalid token");
            return InvalidToken;
        }
        if (Passwords.Weakness(request.Password, user.Email) is { } weakness)
        {
            await audit.RecordAsync(AuditActions.PasswordReset, null, user.Id, succeeded: false, detail: "password");
            return Refusal.Invalid("password", weakness, NotChanged);
        }

        var now = clock.GetUtcNow();
        user.PasswordHash = passwords.Hash(request.Password);
        user.SecurityStamp = Secrets.NewRandom(16);
        documents.Update(user);
        await SpendLinksAsync(documents, user.Id, now, ct);
        try
        {
            await documents.SaveChangesAsync(ct);
        }
        catch (Exception e) when (IsConflict(e))
        {
            // Another reset of this account committed first, spending the token.
            return InvalidToken;
        }
        await accounts.EndUserAccessAsync(user.Id);
        await sessions.RevokeAllAsync(user.Id, except: null, "password reset", ct);
        await audit.RecordAsync(AuditActions.PasswordReset, user.Id, user.Id, succeeded: true);
        return true;
    }

    /// <summary>Spends, in <paramref name="documents"/>, every reset link of the account still open: a new password makes them moot.</summary>
    public static async Task SpendLinksAsync(IDocumentSession documents, Guid userId, DateTimeOffset now, CancellationToken ct)
    {
        foreach (var open in await documents.Query<PasswordResetToken>().Where(t => t.UserId == userId && t.UsedAt == null).ToListAsync(ct))
        {
            open.UsedAt = now;
            documents.Update(open);
        }
    }

    // The account a token presented as {id}.{secret} opens, while the token is usable and the account may sign in.
    private async Task<UserAccount?> AccountOfAsync(string presented, CancellationToken ct)
    {
        var dot = presented.IndexOf('.');
        if (dot != 32 || !Guid.TryParseExact(presented[..dot], "N", out var id))
            return null;
        var token = await documents.LoadAsync<PasswordResetToken>(id, ct);
        if (token is null || !token.IsUsable(clock.GetUtcNow()) || !Secrets.HashesEqual(Secrets.Hash(presented), token.TokenHash))
            return null;
        return await documents.LoadAsync<UserAccount>(token.UserId, ct) is { Disabled: false } user ? user : null;
    }

    private static OutgoingMail ResetMail(string email, string link, TimeSpan lifetime) => new(email, "Reset your Platform password", $"""
        Someone, probably you, asked to reset the password of the Platform account {email}.

        To choose a new password, open this link within {Describe(lifetime)}:

        {link}

        The link works once. If you did not ask for it, ignore this mail: your password stays as it is.
        """);

    private static string Describe(TimeSpan lifetime) =>
        lifetime.TotalHours is var hours && hours == Math.Floor(hours) ? $"{hours:0} hour{(hours == 1 ? "" : "s")}" : $"{Math.Ceiling(lifetime.TotalMinutes):0} minutes";

    private static bool IsConflict(Exception e) =>
        e is ConcurrencyException || e is AggregateException aggregate && aggregate.InnerExceptions.All(IsConflict);
}
