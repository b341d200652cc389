using Npgsql;
using Weasel.Postgresql;
using Weasel.Postgresql.Tables;

namespace Platform.Storage.Links;

/// <summary>
/// The once-only download links already used, by link id, kept until the link expires (an expired link is refused
/// before this table is asked). The insert itself decides who used a link first, so of two downloads at once exactly one wins.
/// </summary>
public sealed class UsedLinks(NpgsqlDataSource database)
{
    private const string Name = StorageExtensions.Schema + ".used_links";

    public static Table Table()
    {
        var table = new Table(new PostgresqlObjectName(StorageExtensions.Schema, "used_links", SchemaUtils.IdentifierUsage.General));
        table.AddColumn<Guid>("link_id").AsPrimaryKey();
        table.AddColumn("expires_at", "timestamptz").NotNull();
        table.Indexes.Add(new IndexDefinition("ix_used_links_expires") { Columns = ["expires_at"] });
        return table;
    }

    /// <summary>True for the first use of the link, false for every later one.</summary>
    public async Task<bool> TryUseAsync(Guid linkId, DateTimeOffset expiresAt, CancellationToken ct)
    {
        await using var command = database.CreateCommand($"insert into {Name} (link_id, expires_at) values ($1, $2) on conflict (link_id) do nothing");
        command.Parameters.AddWithValue(linkId);
        command.Parameters.AddWithValue(expiresAt.ToUniversalTime());
        return await command.ExecuteNonQueryAsync(ct) == 1;
    }

    /// <summary>Forgets the links that expired before <paramref name="now"/>; answers how many.</summary>
    public async Task<int> DeleteExpiredAsync(DateTimeOffset now, CancellationToken ct)
    {
        await using var command = database.CreateCommand($"delete from {Name} where expires_at < $1");
        command.Parameters.AddWithValue(now.ToUniversalTime());
        return await command.ExecuteNonQueryAsync(ct);
    }
}
