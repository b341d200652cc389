namespace Platform.Host.Links;

/// <summary>What a download link grants, all of it inside the signed token: no row is stored for a link.</summary>
/// <param name="Id">Random, so two links to the same thing differ, and a once-only link is recorded as used by it.</param>
/// <param name="OwnerId">Whose things it opens (a user or an organization): only what is still theirs.</param>
public sealed record LinkGrant(Guid Id, Guid OwnerId, LinkTarget Target, DateTimeOffset ExpiresAt, bool Once);

/// <summary>
/// What a link opens. Each kind is a record here with a byte of <see cref="LinkKind"/>, a case in each switch of
/// <see cref="LinkPayload"/> and one in <see cref="LinkDownloads"/>.
/// </summary>
public abstract record LinkTarget(LinkKind Kind);

/// <summary>A file a job produced.</summary>
public sealed record ArtifactTarget(Guid JobId, string Name) : LinkTarget(LinkKind.Artifact);

/// <summary>A file its owner uploaded.</summary>
public sealed record FileTarget(Guid FileId) : LinkTarget(LinkKind.File);

/// <summary>How a token names the kind of its target; a value is never given to another kind.</summary>
public enum LinkKind : byte
{
    Artifact = 1,
    File = 2,
}
