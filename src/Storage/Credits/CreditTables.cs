using Weasel.Postgresql;
using Weasel.Core;
using Weasel.Postgresql.Tables;

namespace Platform.Storage.Credits;

/// <summary>
/// Each owner's balance and the ledger it sums. A balance row changes only together with the ledger entries that
/// explain it, in one transaction, and PostgreSQL itself refuses a row whose holds exceed its balance: two hosts racing
/// for the last credits cannot both win.
/// </summary>
public static class CreditTables
{
    public const string Balances = StorageExtensions.Schema + ".credit_balances";
    public const string Ledger = StorageExtensions.Schema + ".credit_ledger";
    public const string CoverConstraint = "ck_credit_balances_cover";

    public static IEnumerable<Table> All() => [BalancesTable(), LedgerTable()];

    private static Table BalancesTable()
    {
        var table = new Table(new PostgresqlObjectName(StorageExtensions.Schema, "credit_balances", SchemaUtils.IdentifierUsage.General));
        table.AddColumn("owner_id", "text").AsPrimaryKey();
        table.AddColumn<long>("balance").NotNull().DefaultValueByExpression("0");
        table.AddColumn<long>("held").NotNull().DefaultValueByExpression("0");
        // The owner's own settings ride on the same row: one read answers a submit's every credit question.
        table.AddColumn("low_threshold", "bigint").AllowNulls();
        table.AddColumn<bool>("low_told").NotNull().DefaultValueByExpression("false");
        table.AddColumn("end_user_max_queued", "integer").AllowNulls();
        table.AddColumn("end_user_credits_per_day", "bigint").AllowNulls();
        table.CheckConstraints.Add(new TableCheckConstraint(CoverConstraint, "held >= 0 and balance >= held"));
        return table;
    }

    private static Table LedgerTable()
    {
        var table = new Table(new PostgresqlObjectName(StorageExtensions.Schema, "credit_ledger", SchemaUtils.IdentifierUsage.General));
        // Version 7: ids taken on any host still sort in the order entries were made.
        table.AddColumn<Guid>("id").AsPrimaryKey();
        table.AddColumn("owner_id", "text").NotNull();
        table.AddColumn("kind", "text").NotNull();
        // What the entry adds to the balance and to the held part of it; either may be negative.
        table.AddColumn<long>("amount").NotNull();
        table.AddColumn<long>("held").NotNull();
        table.AddColumn("job_id", "uuid").AllowNulls();
        table.AddColumn("job_type", "text").AllowNulls();
        table.AddColumn("project_id", "uuid").AllowNulls();
        table.AddColumn("end_user", "text").AllowNulls();
        table.AddColumn("member", "text").AllowNulls();
        table.AddColumn("actor", "text").AllowNulls();
        table.AddColumn("reason", "text").AllowNulls();
        // Entries the platform makes once however many hosts try (a period's allowance) carry a key only one can take.
        table.AddColumn("once_key", "text").AllowNulls();
        table.AddColumn("at", "timestamptz").NotNull().DefaultValueByExpression("now()");
        // The entries of one commit share its time: this keeps them in the order they were made (a charge, then the release).
        table.AddColumn<int>("seq").NotNull().DefaultValueByExpression("0");
        table.Indexes.Add(new IndexDefinition("ix_credit_ledger_owner") { Columns = ["owner_id", "at desc", "seq desc"] });
        table.Indexes.Add(new IndexDefinition("ix_credit_ledger_end_user") { Columns = ["owner_id", "end_user", "at"], Predicate = "end_user is not null" });
        table.Indexes.Add(new IndexDefinition("ix_credit_ledger_job") { Columns = ["job_id"], Predicate = "job_id is not null" });
        table.Indexes.Add(new IndexDefinition("ux_credit_ledger_once") { Columns = ["once_key"], IsUnique = true, Predicate = "once_key is not null" });
        return table;
    }
}
