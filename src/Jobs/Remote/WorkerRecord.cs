namespace Platform.Jobs.Remote;

/// <summary>A worker as last seen by a claim: one per key owner and worker name, so operators see who serves which types.</summary>
public sealed class WorkerRecord
{
    /// <summary><c>{ownerId}/{name}</c>.</summary>
    public string Id { get; set; } = "";
    public string Name { get; set; } = "";
    public string OwnerId { get; set; } = "";

    /// <summary>Its last claim was made with a key that runs every user's jobs.</summary>
    public bool Shared { get; set; }
    public List<string> Types { get; set; } = [];
    public DateTimeOffset LastSeenAt { get; set; }

    public static string IdOf(string ownerId, string name) => $"{ownerId}/{name}";
}
