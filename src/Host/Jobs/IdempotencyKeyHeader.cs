namespace Platform.Host.Jobs;

/// <summary>The <c>Idempotency-Key</c> a submit may carry, and the header that marks a replayed answer.</summary>
public static class IdempotencyKeyHeader
{
    public const string Name = "Idempotency-Key";
    public const string ReplayedName = "Idempotent-Replayed";
    public const int MaxLength = 200;

    /// <summary>The key, or null when the request has none; a malformed one is a 400 naming the header.</summary>
    public static (string? Key, ValidationProblem? Problem) Read(HttpRequest request)
    {
        if (!request.Headers.TryGetValue(Name, out var values))
            return (null, null);
        if (values.Count != 1 || values[0] is not { } key || key.Length is 0 or > MaxLength || !key.All(c => c is >= ' ' and <= '~'))
            return (null, ApiProblems.Invalid(Name, $"must be one value of 1 to {MaxLength} printable ASCII characters."));
        return (key, null);
    }

    public static void MarkReplayed(HttpResponse response) => response.Headers[ReplayedName] = "true";
}
