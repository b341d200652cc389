namespace Platform.Storage.Accounts;

/// <summary>
/// One signed-in device: a family of refresh tokens of which only the newest is valid. The hashes of spent
/// ones are kept so that a spent token coming back (stolen, replayed) is recognised and ends the family.
/// </summary>
public sealed class RefreshSession
{
    public Guid Id { get; set; }
    public Guid UserId { get; set; }
    public string Device { get; set; } = "";
    public string TokenHash { get; set; } = "";
    public List<string> SpentTokenHashes { get; set; } = [];
    public DateTimeOffset CreatedAt { get; set; }
    public DateTimeOffset LastUsedAt { get; set; }
    public DateTimeOffset ExpiresAt { get; set; }
    public DateTimeOffset? RevokedAt { get; set; }
    public string? RevokedReason { get; set; }

    public bool IsActive(DateTimeOffset now) => RevokedAt is null && ExpiresAt > now;
}
