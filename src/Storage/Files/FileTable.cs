using Weasel.Postgresql;
using Weasel.Postgresql.Tables;

namespace Platform.Storage.Files;

/// <summary>Uploaded files as rows (their bytes are in the object store under <c>files/{id}</c>); a user's quota is a sum over their rows.</summary>
public static class FileTable
{
    public const string Name = StorageExtensions.Schema + ".files";

    public static Table Create()
    {
        var table = new Table(new PostgresqlObjectName(StorageExtensions.Schema, "files", SchemaUtils.IdentifierUsage.General));
        table.AddColumn<Guid>("id").AsPrimaryKey();
        table.AddColumn<Guid>("owner_id").NotNull();
        table.AddColumn<string>("name").NotNull();
        table.AddColumn<long>("size").NotNull();
        table.AddColumn<string>("content_type").NotNull();
        table.AddColumn<string>("sha256").NotNull();
        table.AddColumn("created_at", "timestamptz").NotNull();
        table.AddColumn<Guid>("project_id");
        table.Indexes.Add(new IndexDefinition("ix_files_owner_created") { Columns = ["owner_id", "created_at"] });
        table.Indexes.Add(new IndexDefinition("ix_files_created") { Columns = ["created_at"] });
        table.Indexes.Add(new IndexDefinition("ix_files_project") { Columns = ["project_id"], Predicate = "project_id is not null" });
        return table;
    }
}
