using Npgsql;

namespace Platform.Jobs.Model;

/// <summary>
/// An owner's <c>Idempotency-Key</c> and what it asked for: written in the same transaction as the jobs it created,
/// so of two concurrent requests with one key only one commits (a unique index on owner and key refuses the other).
/// </summary>
public sealed class IdempotencyRecord
{
    public const string UniqueIndexName = "mt_doc_idempotencyrecord_uidx_owner_key";

    public Guid Id { get; set; }
    public string OwnerId { get; set; } = "";
    public string Key { get; set; } = "";

    /// <summary>SHA-256 of the canonical request, so a replay can tell the same request from another one under the same key.</summary>
    public string RequestHash { get; set; } = "";

    /// <summary>The job a single submit created; null for a batch.</summary>
    public Guid? JobId { get; set; }

    /// <summary>The batch a batch submit created; null for a single job.</summary>
    public Guid? BatchId { get; set; }

    public DateTimeOffset CreatedAt { get; set; }

    public bool IsExpired(DateTimeOffset now, TimeSpan window) => CreatedAt + window <= now;

    /// <summary>Whether a failed commit failed because another request stored the same owner's key first.</summary>
    public static bool IsKeyTaken(Exception e) =>
        e is PostgresException { SqlState: PostgresErrorCodes.UniqueViolation, ConstraintName: UniqueIndexName }
        || (e.InnerException is { } inner && IsKeyTaken(inner));
}
