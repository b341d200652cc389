using System.Collections.Concurrent;
using Npgsql;

namespace Platform.Storage.Files;

// Admission: a file's row is stored only within its owner's count and byte quota, decided under the owner's lock.
public sealed partial class UserFiles
{
    // Uploads of one owner that finish while that owner's admission commits wait for the next and are admitted together:
    // the owner's lock is held through a commit's flush, and one flush for many beats one each.
    private readonly ConcurrentDictionary<Guid, OwnerAdmissions> _admissions = new();

    private sealed class OwnerAdmissions
    {
        public readonly List<(StoredFile File, TaskCompletionSource<FileRefusal> Done)> Waiting = [];
        public bool Draining;
        public bool Retired;
    }

    /// <summary>Stores the file's row unless its owner would pass their count or byte quota; files admitted together are taken in order.</summary>
    public Task<FileRefusal> AdmitAsync(StoredFile file, CancellationToken ct)
    {
        var done = new TaskCompletionSource<FileRefusal>(TaskCreationOptions.RunContinuationsAsynchronously);
        while (true)
        {
            var owner = _admissions.GetOrAdd(file.OwnerId, _ => new OwnerAdmissions());
            bool drain;
            lock (owner)
            {
                if (owner.Retired)
                    continue;
                owner.Waiting.Add((file, done));
                drain = !owner.Draining;
                owner.Draining = true;
            }
            if (drain)
                _ = DrainAsync(file.OwnerId, owner);
            // Once waiting, the file is admitted or refused whatever the caller does: others' admission shares its commit.
            return done.Task.WaitAsync(ct);
        }
    }

    private async Task DrainAsync(Guid ownerId, OwnerAdmissions owner)
    {
        while (true)
        {
            List<(StoredFile File, TaskCompletionSource<FileRefusal> Done)> batch;
            lock (owner)
            {
                if (owner.Waiting.Count == 0)
                {
                    (owner.Draining, owner.Retired) = (false, true);
                    _admissions.TryRemove(new KeyValuePair<Guid, OwnerAdmissions>(ownerId, owner));
                    return;
                }
                batch = [.. owner.Waiting];
                owner.Waiting.Clear();
            }
            try
            {
                var outcomes = await AdmitTogetherAsync(ownerId, batch.Select(waiting => waiting.File).ToList());
                for (var i = 0; i < batch.Count; i++)
                    batch[i].Done.SetResult(outcomes[i]);
            }
            catch (Exception e)
            {
                foreach (var (_, done) in batch)
                    done.TrySetException(e);
            }
        }
    }

    private async Task<FileRefusal[]> AdmitTogetherAsync(Guid ownerId, IReadOnlyList<StoredFile> files)
    {
        await using var connection = await database.OpenConnectionAsync();
        await using var transaction = await connection.BeginTransactionAsync();
        await LockOwnerAsync(transaction, ownerId, CancellationToken.None);
        int count;
        long bytes;
        await using (var held = new NpgsqlCommand($"select (select count(*)::int from {FileTable.Name} where owner_id = $1), {OwnerBytes}",
                         connection, transaction))
        {
            held.Parameters.AddWithValue(ownerId);
            await using var reader = await held.ExecuteReaderAsync();
            await reader.ReadAsync();
            (count, bytes) = (reader.GetInt32(0), reader.GetInt64(1));
        }
        var outcomes = new FileRefusal[files.Count];
        await using var inserts = new NpgsqlBatch(connection, transaction);
        for (var i = 0; i < files.Count; i++)
        {
            var file = files[i];
            outcomes[i] = count >= options.MaxFilesPerUser ? FileRefusal.TooManyFiles
                : bytes + file.Size > options.MaxBytesPerUser ? FileRefusal.OverQuota
                : FileRefusal.None;
            if (outcomes[i] != FileRefusal.None)
                continue;
            (count, bytes) = (count + 1, bytes + file.Size);
            var insert = new NpgsqlBatchCommand($"insert into {FileTable.Name} ({Columns}) values ($1, $2, $3, $4, $5, $6, $7, $8)");
            foreach (var value in new object[] { file.Id, file.OwnerId, file.Name, file.Size, file.ContentType, file.Sha256, file.CreatedAt })
                insert.Parameters.Add(new NpgsqlParameter { Value = value });
            insert.Parameters.Add(new NpgsqlParameter { NpgsqlDbType = NpgsqlTypes.NpgsqlDbType.Uuid, Value = (object?)file.ProjectId ?? DBNull.Value });
            inserts.BatchCommands.Add(insert);
        }
        if (inserts.BatchCommands.Count > 0)
            await inserts.ExecuteNonQueryAsync();
        await transaction.CommitAsync();
        return outcomes;
    }
}
