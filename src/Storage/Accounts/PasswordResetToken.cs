namespace Platform.Storage.Accounts;

/// <summary>
/// A mailed password reset: its id opens the token (<c>{id}.{secret}</c>), of which only a hash is kept. It works once,
/// until <see cref="ExpiresAt"/>, and is spent by the reset it allows or by any other change of the password.
/// </summary>
public sealed class PasswordResetToken
{
    public Guid Id { get; set; }
    public Guid UserId { get; set; }
    public string TokenHash { get; set; } = "";
    public DateTimeOffset CreatedAt { get; set; }
    public DateTimeOffset ExpiresAt { get; set; }
    public DateTimeOffset? UsedAt { get; set; }

    public bool IsUsable(DateTimeOffset now) => UsedAt is null && now < ExpiresAt;
}
