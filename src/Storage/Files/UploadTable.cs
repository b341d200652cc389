using Weasel.Postgresql;
using Weasel.Postgresql.Tables;

namespace Platform.Storage.Files;

/// <summary>
/// Resumable uploads as rows: how many bytes have arrived and the keys of the objects that hold them, in order. A row
/// outlives its completion, emptied and naming its file, until it expires, so a client that lost the last answer can ask.
/// </summary>
public static class UploadTable
{
    public const string Name = StorageExtensions.Schema + ".uploads";

    public static Table Create()
    {
        var table = new Table(new PostgresqlObjectName(StorageExtensions.Schema, "uploads", SchemaUtils.IdentifierUsage.General));
        table.AddColumn<Guid>("id").AsPrimaryKey();
        table.AddColumn<Guid>("owner_id").NotNull();
        table.AddColumn<string>("name").NotNull();
        table.AddColumn("declared_type", "text").AllowNulls();
        table.AddColumn<long>("length").NotNull();
        table.AddColumn<long>("received").NotNull();
        table.AddColumn("chunks", "text[]").NotNull();
        table.AddColumn("file_id", "uuid").AllowNulls();
        table.AddColumn("expires_at", "timestamptz").NotNull();
        table.AddColumn("project_id", "uuid").AllowNulls();
        table.Indexes.Add(new IndexDefinition("ix_uploads_owner") { Columns = ["owner_id"] });
        table.Indexes.Add(new IndexDefinition("ix_uploads_expires") { Columns = ["expires_at"] });
        return table;
    }
}
