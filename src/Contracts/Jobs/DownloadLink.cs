namespace Platform.Contracts.Jobs;

/// <summary>
/// Body of <c>POST /api/v1/jobs/{id}/artifacts/{name}/link</c>, all of it optional: how long the link works (left
/// out, <c>Links:DefaultLifetime</c>; at most <c>Links:MaxLifetime</c>) and whether it works for one download only.
/// </summary>
public sealed record CreateLinkRequest(int? ExpiresInSeconds = null, bool Once = false);

/// <summary>A link anyone may download from without credentials until <paramref name="ExpiresAt"/> (once only when <paramref name="Once"/>).</summary>
public sealed record DownloadLink(string Url, DateTimeOffset ExpiresAt, bool Once);
