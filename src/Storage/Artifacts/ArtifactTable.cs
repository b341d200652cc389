using Weasel.Postgresql;
using Weasel.Postgresql.Tables;

namespace Platform.Storage.Artifacts;

/// <summary>
/// Jobs' artifacts as rows, one per stored object: whose job, which run (<c>holder</c>) stored it, and its size, so an
/// owner's storage is a sum over their files and these, and a run that does not succeed can take back what it stored.
/// </summary>
public static class ArtifactTable
{
    public const string Name = StorageExtensions.Schema + ".artifacts";

    public static Table Create()
    {
        var table = new Table(new PostgresqlObjectName(StorageExtensions.Schema, "artifacts", SchemaUtils.IdentifierUsage.General));
        table.AddColumn<string>("key").AsPrimaryKey();
        table.AddColumn<Guid>("job_id").NotNull();
        table.AddColumn<Guid>("owner_id").NotNull();
        table.AddColumn<string>("holder").NotNull();
        table.AddColumn<string>("name").NotNull();
        table.AddColumn<string>("content_type").NotNull();
        table.AddColumn<long>("size").NotNull();
        table.AddColumn("created_at", "timestamptz").NotNull();
        table.Indexes.Add(new IndexDefinition("ix_artifacts_job") { Columns = ["job_id", "holder"] });
        table.Indexes.Add(new IndexDefinition("ix_artifacts_owner") { Columns = ["owner_id"] });
        return table;
    }
}
