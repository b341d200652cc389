namespace Platform.Storage.Files;

// What a project asks of its files: counting them, and letting them go when it is deleted.
public sealed partial class UserFiles
{
    /// <summary>How many files each of the owner's projects that has any holds, in one statement.</summary>
    public async Task<IReadOnlyDictionary<Guid, long>> CountByProjectAsync(Guid ownerId, CancellationToken ct)
    {
        await using var command = database.CreateCommand(
            $"select project_id, count(*) from {FileTable.Name} where owner_id = $1 and project_id is not null group by project_id");
        command.Parameters.AddWithValue(ownerId);
        await using var reader = await command.ExecuteReaderAsync(ct);
        var counts = new Dictionary<Guid, long>();
        while (await reader.ReadAsync(ct))
            counts[reader.GetGuid(0)] = reader.GetInt64(1);
        return counts;
    }

    /// <summary>The deleted project's files stay, belonging to no project from now on, as do the files its open uploads become.</summary>
    public async Task ReleaseAsync(Guid projectId, CancellationToken ct)
    {
        await using var batch = database.CreateBatch();
        foreach (var table in new[] { FileTable.Name, UploadTable.Name })
        {
            var release = new Npgsql.NpgsqlBatchCommand($"update {table} set project_id = null where project_id = $1");
            release.Parameters.Add(new Npgsql.NpgsqlParameter { Value = projectId });
            batch.BatchCommands.Add(release);
        }
        await batch.ExecuteNonQueryAsync(ct);
    }
}
