using Platform.Contracts.Credits;

namespace Platform.Jobs.Types;

/// <summary>A remote job type an admin declared over the API; the name is its id.</summary>
public sealed class DeclaredJobType
{
    public string Id { get; set; } = "";
    public string Description { get; set; } = "";

    /// <summary>The JSON Schema of the type's input, as JSON text.</summary>
    public string InputSchema { get; set; } = "";

    public int? MaxAttempts { get; set; }
    public int? TimeoutSeconds { get; set; }
    public int? Concurrency { get; set; }

    /// <summary>What a run costs; null for a free type.</summary>
    public JobPrice? Price { get; set; }
    public string DeclaredBy { get; set; } = "";
    public DateTimeOffset DeclaredAt { get; set; }
}
