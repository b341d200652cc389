using Weasel.Postgresql;
using Weasel.Postgresql.Tables;

namespace Platform.Storage.Metrics;

/// <summary>
/// Jobs' metrics as rows: one per series (a job's values of one metric, thinned to a bound, as three arrays of equal
/// length), and one per final value (the last a finished job reported of a metric), which aggregates read.
/// </summary>
public static class MetricTables
{
    public const string Series = StorageExtensions.Schema + ".job_metric_series";
    public const string Finals = StorageExtensions.Schema + ".job_metric_finals";

    public static IEnumerable<Table> All() => [CreateSeries(), CreateFinals()];

    private static Table CreateSeries()
    {
        var table = new Table(new PostgresqlObjectName(StorageExtensions.Schema, "job_metric_series", SchemaUtils.IdentifierUsage.General));
        table.AddColumn<Guid>("job_id").AsPrimaryKey();
        table.AddColumn<string>("name").AsPrimaryKey();
        // Past the bound only points whose step is a multiple of the stride are kept, and the last.
        table.AddColumn<long>("stride").NotNull();
        // Values reported so far: the next value's step.
        table.AddColumn<long>("reported").NotNull();
        table.AddColumn("point_steps", "bigint[]").NotNull();
        table.AddColumn("point_values", "double precision[]").NotNull();
        table.AddColumn("point_times", "timestamptz[]").NotNull();
        return table;
    }

    private static Table CreateFinals()
    {
        var table = new Table(new PostgresqlObjectName(StorageExtensions.Schema, "job_metric_finals", SchemaUtils.IdentifierUsage.General));
        table.AddColumn<Guid>("job_id").AsPrimaryKey();
        table.AddColumn<string>("name").AsPrimaryKey();
        table.AddColumn<string>("owner_id").NotNull();
        table.AddColumn<string>("job_type").NotNull();
        table.AddColumn("project_id", "uuid").AllowNulls();
        table.AddColumn("finished_at", "timestamptz").NotNull();
        table.AddColumn("value", "double precision").NotNull();
        table.Indexes.Add(new IndexDefinition("ix_job_metric_finals_owner") { Columns = ["owner_id", "name", "finished_at"] });
        return table;
    }
}
