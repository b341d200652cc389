namespace Platform.Host.Links;

/// <summary>Why a link opens nothing, worded as whoever holds it sees it.</summary>
public static class LinkRefusals
{
    public static Refusal Invalid { get; } = Refusal.Forbidden("link_invalid", "This link is not valid.",
        "It is incomplete or was changed; ask whoever sent it for a new one.");

    public static Refusal Expired(DateTimeOffset expiresAt) => Refusal.Gone("link_expired", "This link has expired.", $"It worked until {expiresAt:u}.");

    public static Refusal Revoked { get; } = Refusal.Gone("link_revoked", "What this link opened is no longer there.");

    public static Refusal Used { get; } = Refusal.Gone("link_used", "This link worked once and has been used.");
}
