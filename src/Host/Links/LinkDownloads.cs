using Platform.Jobs.Artifacts;
using Platform.Jobs.Model;
using Platform.Storage.Files;
using Platform.Storage.Links;
using Platform.Storage.Objects;

namespace Platform.Host.Links;

/// <summary>The bytes a link opens, what they are and the name to save them under; the caller disposes <paramref name="Content"/>.</summary>
/// <param name="Once">The link worked once, and this download spent it.</param>
public sealed record LinkDownload(Stream Content, string ContentType, string FileName, bool Once = false);

/// <summary>
/// Opens what a link names, looked up as it is opened: revoked when it is gone, or no longer its owner's, or the
/// owner's account is disabled, so such a link is revoked without anyone having to find and cancel it.
/// </summary>
public sealed class LinkDownloads(
    LinkTokens tokens, UsedLinks used, JobStore jobs, ArtifactStore artifacts, UserFiles files, IObjectStore objects, AccountCache accounts, TimeProvider clock)
{
    /// <summary>Opens what the link <paramref name="token"/> names, spending a link that works once; refused when it is not valid, expired, revoked or spent.</summary>
    public async Task<Outcome<LinkDownload>> OpenAsync(string token, CancellationToken ct)
    {
        if (tokens.Verify(token) is not { } grant)
            return LinkRefusals.Invalid;
        if (clock.GetUtcNow() >= grant.ExpiresAt)
            return LinkRefusals.Expired(grant.ExpiresAt);
        if (await OpenAsync(grant, ct) is not { } download)
            return LinkRefusals.Revoked;
        if (grant.Once && !await used.TryUseAsync(grant.Id, grant.ExpiresAt, ct))
        {
            await download.Content.DisposeAsync();
            return LinkRefusals.Used;
        }
        return download with { Once = grant.Once };
    }

    private async Task<LinkDownload?> OpenAsync(LinkGrant grant, CancellationToken ct)
    {
        if (!await accounts.OwnerStandsAsync(grant.OwnerId, ct))
            return null;
        return grant.Target switch
        {
            ArtifactTarget artifact => await OpenArtifactAsync(grant.OwnerId, artifact, ct),
            FileTarget file => await OpenFileAsync(grant.OwnerId, file, ct),
            _ => null,
        };
    }

    private async Task<LinkDownload?> OpenArtifactAsync(Guid ownerId, ArtifactTarget target, CancellationToken ct) =>
        await jobs.GetOwnedAsync(target.JobId, ownerId.ToString(), ct) is { } job
        && await artifacts.OpenListedAsync(job, target.Name, ct) is (var artifact, var content)
            ? new LinkDownload(content.Content, artifact.ContentType, artifact.Name)
            : null;

    private async Task<LinkDownload?> OpenFileAsync(Guid ownerId, FileTarget target, CancellationToken ct) =>
        await files.GetOwnedAsync(target.FileId, ownerId, ct) is { } file && await objects.OpenAsync(UserFiles.KeyOf(file.Id), ct) is { } stored
            ? new LinkDownload(stored.Content, file.ContentType, file.Name)
            : null;
}
