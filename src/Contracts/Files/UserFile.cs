namespace Platform.Contracts.Files;

/// <summary>A file a user uploaded: its content type is what its bytes were found to be, its SHA-256 in lower-case hex.</summary>
/// <param name="Project">The owner's project the file was uploaded into; null for none.</param>
public sealed record UserFile(Guid Id, string Name, long Size, string ContentType, string Sha256, DateTimeOffset CreatedAt, Guid? Project = null);

/// <summary>How a job's input names a file the caller uploaded: <c>{"dataset": {"file": "&lt;id&gt;"}}</c>.</summary>
public sealed record FileRef(Guid File);
