namespace Platform.Contracts.Accounts;

/// <summary>What an API key may do. People signed in with a token may do all that their role allows.</summary>
public static class Scopes
{
    public const string JobsRead = "jobs:read";
    public const string JobsWrite = "jobs:write";
    public const string Admin = "admin";

    /// <summary>
    /// Claims and runs jobs of remote types: its owner's jobs, or everyone's for an admin's key (made with the password;
    /// it runs only its owner's jobs, for good, once they stop being an admin).
    /// </summary>
    public const string Worker = "worker";

    public static IReadOnlyList<string> All { get; } = [JobsRead, JobsWrite, Admin, Worker];
}

public static class ApiKeyHeader
{
    public const string Name = "X-API-Key";
}

/// <summary>
/// Body of <c>POST /api/v1/users/me/api-keys</c>. <paramref name="Password"/>, the caller's current one, is required
/// for a key that acts across users (the <see cref="Scopes.Admin"/> scope, or an admin's <see cref="Scopes.Worker"/> key)
/// and ignored otherwise.
/// </summary>
public sealed record CreateApiKeyRequest(string Name, IReadOnlyList<string> Scopes, DateTimeOffset? ExpiresAt = null, string? Password = null);

/// <summary>A new key. <paramref name="Secret"/> is shown here once and never again; only its hash is kept.</summary>
public sealed record ApiKeyCreated(Guid Id, string Name, string Prefix, string Secret, IReadOnlyList<string> Scopes, DateTimeOffset? ExpiresAt, DateTimeOffset CreatedAt);

public sealed record ApiKeyInfo(Guid Id, string Name, string Prefix, IReadOnlyList<string> Scopes, DateTimeOffset? ExpiresAt, DateTimeOffset CreatedAt, DateTimeOffset? LastUsedAt);
