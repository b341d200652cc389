namespace Platform.Host.Links;

/// <summary>
/// A <see cref="LinkGrant"/> as the bytes a token signs: a format version, the target's kind, flags, the expiry in
/// Unix seconds, the link and owner ids, then what the kind needs (an artifact: its job id and name). About 70 bytes,
/// so a link stays short enough to paste.
/// </summary>
public static class LinkPayload
{
    private const byte Version = 1;
    private const byte OnceFlag = 1;

    public static byte[] Write(LinkGrant grant)
    {
        using var bytes = new MemoryStream();
        using (var writer = new BinaryWriter(bytes))
        {
            writer.Write(Version);
            writer.Write((byte)grant.Target.Kind);
            writer.Write(grant.Once ? OnceFlag : (byte)0);
            writer.Write(grant.ExpiresAt.ToUnixTimeSeconds());
            writer.Write(grant.Id.ToByteArray());
            writer.Write(grant.OwnerId.ToByteArray());
            switch (grant.Target)
            {
                case ArtifactTarget artifact:
                    writer.Write(artifact.JobId.ToByteArray());
                    writer.Write(artifact.Name);
                    break;
                case FileTarget file:
                    writer.Write(file.FileId.ToByteArray());
                    break;
            }
        }
        return bytes.ToArray();
    }

    /// <summary>The grant the bytes hold, or null when they are not a payload of this format.</summary>
    public static LinkGrant? Read(byte[] payload)
    {
        using var reader = new BinaryReader(new MemoryStream(payload));
        try
        {
            if (reader.ReadByte() != Version)
                return null;
            var kind = (LinkKind)reader.ReadByte();
            var once = reader.ReadByte() == OnceFlag;
            var expiresAt = DateTimeOffset.FromUnixTimeSeconds(reader.ReadInt64());
            var (id, owner) = (ReadGuid(reader), ReadGuid(reader));
            LinkTarget? target = kind switch
            {
                LinkKind.Artifact => new ArtifactTarget(ReadGuid(reader), reader.ReadString()),
                LinkKind.File => new FileTarget(ReadGuid(reader)),
                _ => null,
            };
            return target is null || reader.BaseStream.Position != payload.Length ? null : new LinkGrant(id, owner, target, expiresAt, once);
        }
        catch (Exception e) when (e is EndOfStreamException or ArgumentException or FormatException)
        {
            return null;
        }
    }

    private static Guid ReadGuid(BinaryReader reader) => new(reader.ReadBytes(16));
}
