using Weasel.Postgresql;
using Weasel.Postgresql.Tables;

namespace Platform.Storage.Rooms;

/// <summary>
/// Rooms, their members and their messages as plain tables: a message's sequence number is taken from its room's row
/// in the transaction that stores it, and search, unread counts and permissions are joins PostgreSQL does well.
/// </summary>
public static class RoomTables
{
    public const string Rooms = StorageExtensions.Schema + ".rooms";
    public const string Members = StorageExtensions.Schema + ".room_members";
    public const string Messages = StorageExtensions.Schema + ".room_messages";
    public const string Reactions = StorageExtensions.Schema + ".room_reactions";

    public static IEnumerable<Table> All() => [RoomsTable(), MembersTable(), MessagesTable(), ReactionsTable()];

    private static Table RoomsTable()
    {
        var table = new Table(Name("rooms"));
        table.AddColumn<Guid>("id").AsPrimaryKey();
        table.AddColumn<string>("name").NotNull();
        table.AddColumn("topic", "text").AllowNulls();
        table.AddColumn<string>("visibility").NotNull();
        table.AddColumn<Guid>("created_by").NotNull();
        table.AddColumn("created_at", "timestamptz").NotNull();
        table.AddColumn("archived_at", "timestamptz").AllowNulls();
        table.AddColumn<long>("last_seq").NotNull().DefaultValueByExpression("0");
        table.AddColumn("retention_days", "integer").AllowNulls();
        // Bumped by each change that takes read access from someone (RoomRecord.AccessVersion).
        table.AddColumn<long>("access_version").NotNull().DefaultValueByExpression("0");
        table.Indexes.Add(new IndexDefinition("ix_rooms_public_name") { Columns = ["visibility", "name"] });
        return table;
    }

    private static Table MembersTable()
    {
        var table = new Table(Name("room_members"));
        table.AddColumn<Guid>("room_id").AsPrimaryKey();
        table.AddColumn<Guid>("user_id").AsPrimaryKey();
        table.AddColumn<string>("role").NotNull();
        table.AddColumn("joined_at", "timestamptz").NotNull();
        table.AddColumn<long>("last_read_seq").NotNull().DefaultValueByExpression("0");
        table.Indexes.Add(new IndexDefinition("ix_room_members_user") { Columns = ["user_id"] });
        return table;
    }

    private static Table MessagesTable()
    {
        var table = new Table(Name("room_messages"));
        table.AddColumn<Guid>("room_id").AsPrimaryKey();
        table.AddColumn<long>("seq").AsPrimaryKey();
        table.AddColumn<Guid>("id").NotNull();
        table.AddColumn<string>("kind").NotNull();
        table.AddColumn("author_id", "uuid").AllowNulls();
        table.AddColumn("author_name", "text").AllowNulls();
        table.AddColumn<string>("text").NotNull();
        table.AddColumn("sent_at", "timestamptz").NotNull();
        table.AddColumn("edited_at", "timestamptz").AllowNulls();
        table.AddColumn("deleted_at", "timestamptz").AllowNulls();
        table.AddColumn("job_id", "uuid").AllowNulls();
        table.Indexes.Add(new IndexDefinition("ux_room_messages_id") { Columns = ["id"], IsUnique = true });
        // Retention deletes by age, room by room.
        table.Indexes.Add(new IndexDefinition("ix_room_messages_sent") { Columns = ["room_id", "sent_at"] });
        // Full-text search: the very expression MessageSearch matches on, or the index goes unused.
        table.Indexes.Add(new IndexDefinition("ix_room_messages_search") { Method = IndexMethod.gin, Columns = ["text"], Mask = MessageSearch.IndexMask });
        return table;
    }

    // A message is named by its room and sequence number, as its own key is: a page's reactions are one range of the key.
    private static Table ReactionsTable()
    {
        var table = new Table(Name("room_reactions"));
        table.AddColumn<Guid>("room_id").AsPrimaryKey();
        table.AddColumn<long>("seq").AsPrimaryKey();
        table.AddColumn<Guid>("user_id").AsPrimaryKey();
        table.AddColumn<string>("emoji").AsPrimaryKey();
        table.AddColumn("created_at", "timestamptz").NotNull();
        return table;
    }

    private static PostgresqlObjectName Name(string table) => new(StorageExtensions.Schema, table, SchemaUtils.IdentifierUsage.General);
}
