namespace Platform.Contracts.Accounts;

public static class Roles
{
    public const string Admin = "admin";
    public const string User = "user";

    public static bool IsKnown(string role) => role is Admin or User;
}

public sealed record UserProfile(Guid Id, string Email, string DisplayName, string Role, UserSettings Settings, DateTimeOffset CreatedAt);

/// <summary>What a user chooses for themselves; notification preferences decide which job outcomes, broadcasts and mentions notify them.</summary>
public sealed record UserSettings(NotificationPreferences Notifications)
{
    public static UserSettings Default { get; } = new(new NotificationPreferences());
}

public sealed record NotificationPreferences(bool JobSucceeded = true, bool JobFailed = true, bool AdminBroadcasts = true, bool Mentions = true);

/// <summary>Body of <c>PUT /api/v1/users/me</c>; what is left out stays as it is.</summary>
public sealed record UpdateProfileRequest(string? DisplayName = null, UserSettings? Settings = null);

/// <summary>Body of <c>PUT /api/v1/users/me/password</c>.</summary>
public sealed record ChangePasswordRequest(string CurrentPassword, string NewPassword);

/// <summary>A signed-in device: one refresh-token family.</summary>
public sealed record SessionInfo(Guid Id, string Device, DateTimeOffset CreatedAt, DateTimeOffset LastUsedAt, DateTimeOffset ExpiresAt, bool Current);
