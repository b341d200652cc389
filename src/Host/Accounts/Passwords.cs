using System.Security.Cryptography;
using System.Text;
using Isopoh.Cryptography.Argon2;
using Platform.Storage.Accounts;

namespace Platform.Host.Accounts;

/// <summary>Argon2id password hashes in the PHC string format, which carries its own salt and cost.</summary>
public sealed class Passwords(IOptions<AccountsOptions> options)
{
    public const int MinLength = 10;
    public const int MaxLength = 128;

    // A few of the most common passwords that pass the length rule; a full breach list is out of scope.
    private static readonly HashSet<string> Common = new(StringComparer.OrdinalIgnoreCase)
    {
        "1234567890", "12345678910", "0123456789", "qwertyuiop", "password123", "password1234", "passw0rd123",
        "iloveyou123", "1q2w3e4r5t", "qwerty12345", "abcdefghij", "administrator", "letmein123", "welcome123",
    };

    private readonly Lazy<string> _decoy = new(() => HashWith(options.Value.PasswordHashing, "decoy password, never matches"));

    public string Hash(string password) => HashWith(options.Value.PasswordHashing, password);

    public static bool Verify(string hash, string password) => Argon2.Verify(hash, password);

    /// <summary>Whether <paramref name="password"/> is the user's own; one longer than any password can be is not worth hashing.</summary>
    public static bool IsCurrent(UserAccount user, string password) => password.Length <= MaxLength && Verify(user.PasswordHash, password);

    /// <summary>Spends the time a real check would, so an unknown account answers as slowly as a wrong password.</summary>
    public void VerifyDecoy(string password) => Argon2.Verify(_decoy.Value, password);

    /// <summary>Why <paramref name="password"/> is not acceptable, or null when it is.</summary>
    public static string? Weakness(string password, string? email)
    {
        if (password.Length < MinLength)
            return $"must be at least {MinLength} characters.";
        if (password.Length > MaxLength)
            return $"must be at most {MaxLength} characters.";
        if (password.Distinct().Count() < 4)
            return "must use more than a few different characters.";
        if (Common.Contains(password))
            return "is one of the most common passwords.";
        if (email is not null && password.Contains(email.Split('@')[0], StringComparison.OrdinalIgnoreCase) && email.Split('@')[0].Length >= 4)
            return "must not contain the e-mail address.";
        return null;
    }

    private static string HashWith(PasswordHashingOptions cost, string password)
    {
        var config = new Argon2Config
        {
            Type = Argon2Type.HybridAddressing,
            Version = Argon2Version.Nineteen,
            TimeCost = cost.Iterations,
            MemoryCost = cost.MemoryKib,
            Lanes = cost.Parallelism,
            Threads = cost.Parallelism,
            Password = Encoding.UTF8.GetBytes(password),
            Salt = RandomNumberGenerator.GetBytes(16),
            HashLength = 32,
        };
        using var argon2 = new Argon2(config);
        using var hash = argon2.Hash();
        return config.EncodeString(hash.Buffer);
    }
}
