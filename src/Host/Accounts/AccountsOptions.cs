using Platform.Storage.Settings;

namespace Platform.Host.Accounts;

public sealed class AccountsOptions
{
    public const string Section = "Accounts";

    /// <summary>HMAC key for access tokens, base64 (at least 32 bytes). Without one a key is generated and kept in the data folder.</summary>
    public string? SigningKey { get; set; }

    public string Issuer { get; set; } = "platform";

    public string Audience { get; set; } = "platform-api";

    public TimeSpan AccessTokenLifetime { get; set; } = TimeSpan.FromMinutes(15);

    public TimeSpan RefreshTokenLifetime { get; set; } = TimeSpan.FromDays(30);

    /// <summary>How long the link of a password reset mail works.</summary>
    public TimeSpan PasswordResetLifetime { get; set; } = TimeSpan.FromHours(1);

    /// <summary>E-mail addresses that become admins when they register; the first user to register always does.</summary>
    public List<string> Admins { get; set; } = [];

    public PasswordHashingOptions PasswordHashing { get; set; } = new();

    public static void Rules(SettingsRules<AccountsOptions> rules) => rules
        .Check(o => o.SigningKey, key => string.IsNullOrWhiteSpace(key) || IsKey(key), $"base64 of at least {Accounts.SigningKey.MinBytes} bytes, or left out for a generated one", secret: true)
        .NotEmpty(o => o.Issuer)
        .NotEmpty(o => o.Audience)
        .Positive(o => o.AccessTokenLifetime)
        .MoreThan(o => o.RefreshTokenLifetime, o => o.AccessTokenLifetime)
        .Positive(o => o.PasswordResetLifetime)
        .Check(o => o.PasswordHashing.MemoryKib, memory => memory >= 8 * rules.Value.PasswordHashing.Parallelism, "at least 8 times Accounts:PasswordHashing:Parallelism (Argon2's least)")
        .Positive(o => o.PasswordHashing.Iterations)
        .Positive(o => o.PasswordHashing.Parallelism);

    private static bool IsKey(string base64)
    {
        var bytes = new byte[base64.Length];
        return Convert.TryFromBase64String(base64, bytes, out var length) && length >= Accounts.SigningKey.MinBytes;
    }
}

/// <summary>Argon2id cost; the defaults are OWASP's minimum recommendation (19 MiB, 2 passes, 1 lane).</summary>
public sealed class PasswordHashingOptions
{
    public int MemoryKib { get; set; } = 19_456;
    public int Iterations { get; set; } = 2;
    public int Parallelism { get; set; } = 1;
}
