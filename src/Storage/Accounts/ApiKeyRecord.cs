using Platform.Contracts.Accounts;

namespace Platform.Storage.Accounts;

/// <summary>An API key as stored: the SHA-256 of its secret (a random 256-bit value needs no slow hash), never the secret.</summary>
public sealed class ApiKeyRecord
{
    public Guid Id { get; set; }
    /// <summary>Who made it: the owner of a personal key, the admin who made an organization's.</summary>
    public Guid UserId { get; set; }

    /// <summary>The organization it acts for, when it is an organization's key rather than a person's.</summary>
    public Guid? OrganizationId { get; set; }
    public string Name { get; set; } = "";
    public string Prefix { get; set; } = "";
    public string SecretHash { get; set; } = "";
    public List<string> Scopes { get; set; } = [];

    /// <summary>
    /// Its worker claims run every user's jobs: set for a worker key an admin made with their password, and cleared for
    /// good once the owner stops being an admin.
    /// </summary>
    public bool SharedWorker { get; set; }
    public DateTimeOffset? ExpiresAt { get; set; }
    public DateTimeOffset CreatedAt { get; set; }
    public DateTimeOffset? LastUsedAt { get; set; }
    public DateTimeOffset? RevokedAt { get; set; }

    public bool IsUsable(DateTimeOffset now) => RevokedAt is null && (ExpiresAt is null || ExpiresAt > now);

    public ApiKeyInfo ToInfo() => new(Id, Name, Prefix, Scopes, ExpiresAt, CreatedAt, LastUsedAt);
}
