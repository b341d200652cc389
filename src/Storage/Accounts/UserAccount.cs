using Platform.Contracts.Accounts;

namespace Platform.Storage.Accounts;

/// <summary>A person who signs in. <see cref="SecurityStamp"/> changes when their credentials do, which voids their access tokens.</summary>
public sealed class UserAccount
{
    public Guid Id { get; set; }
    public string Email { get; set; } = "";
    public string NormalizedEmail { get; set; } = "";
    public string DisplayName { get; set; } = "";
    public string PasswordHash { get; set; } = "";
    public string Role { get; set; } = Roles.User;
    public string Plan { get; set; } = "standard";
    public bool Disabled { get; set; }
    public string SecurityStamp { get; set; } = "";
    public UserSettings Settings { get; set; } = UserSettings.Default;
    public DateTimeOffset CreatedAt { get; set; }

    public static string Normalize(string email) => email.Trim().ToUpperInvariant();

    public UserProfile ToProfile() => new(Id, Email, DisplayName, Role, Settings, CreatedAt);
}
