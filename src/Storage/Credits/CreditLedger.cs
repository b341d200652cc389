using Marten;
using Npgsql;

namespace Platform.Storage.Credits;

/// <summary>
/// The one way a balance changes: entries are queued in the session of whatever causes them (a job event, an admin's
/// grant) together with the sum they add to the owner's balance row, so both commit or neither does.
/// </summary>
public static class CreditLedger
{
    private const string Columns = "id, owner_id, kind, amount, held, job_id, job_type, project_id, end_user, member, actor, reason, at, seq";

    /// <summary>Queues <paramref name="entries"/> of one owner and their sum; a session that commits them commits both.</summary>
    public static void Stage(IDocumentOperations session, IReadOnlyList<LedgerEntryRow> entries)
    {
        foreach (var owned in entries.GroupBy(entry => entry.OwnerId))
        {
            var rows = owned.ToList();
            var values = string.Join(", ", rows.Select(_ => "(?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, coalesce(?, now()), ?)"));
            session.QueueSqlCommand($"insert into {CreditTables.Ledger} ({Columns}) values {values}", rows.SelectMany((row, seq) => Parameters(row, seq)).ToArray());
            // Last, so the balance row is locked for the least time: every submit of the owner waits on it. One statement, so
            // a submit waits once (an insert probing the row would wait for its lock as well); an owner without a row gets one.
            var (amount, held) = (rows.Sum(row => row.Amount), rows.Sum(row => row.Held));
            session.QueueSqlCommand($"""
                with changed as (update {CreditTables.Balances} set balance = balance + ?, held = held + ? where owner_id = ? returning 1)
                insert into {CreditTables.Balances} (owner_id, balance, held) select ?, ?, ? where not exists (select 1 from changed)
                on conflict (owner_id) do update set balance = {CreditTables.Balances}.balance + excluded.balance,
                    held = {CreditTables.Balances}.held + excluded.held
                """, amount, held, owned.Key, owned.Key, amount, held);
        }
    }

    /// <summary>Whether a commit failed because it would have held or spent more than the owner's balance.</summary>
    public static bool IsShort(Exception e) =>
        e is PostgresException { SqlState: PostgresErrorCodes.CheckViolation, ConstraintName: CreditTables.CoverConstraint }
        || (e.InnerException is { } inner && IsShort(inner));

    private static object[] Parameters(LedgerEntryRow row, int seq) =>
    [
        row.Id, row.OwnerId, row.Kind, row.Amount, row.Held, OrNull(row.JobId), OrNull(row.JobType), OrNull(row.ProjectId),
        OrNull(row.EndUser), OrNull(row.Member), OrNull(row.Actor), OrNull(row.Reason),
        row.At == default ? DBNull.Value : row.At.ToUniversalTime(), seq,
    ];

    private static object OrNull<T>(T? value) => value is null ? DBNull.Value : value;
}
