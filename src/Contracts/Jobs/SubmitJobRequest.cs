using System.Text.Json;

namespace Platform.Contracts.Jobs;

/// <summary>Body of <c>POST /api/v1/jobs</c>. <paramref name="Priority"/> runs 1 (lowest) to 10 (highest), 5 when left out.</summary>
public sealed record SubmitJobRequest(string Type, JsonElement? Input, int? Priority = null)
{
    public const int LowestPriority = 1;
    public const int DefaultPriority = 5;
    public const int HighestPriority = 10;
}
