using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Platform.Storage;
using Platform.Storage.Rooms;

namespace Platform.Jobs.Rooms;

/// <summary>Deletes messages older than their room's retention, at start and every <see cref="RoomsOptions.RetentionInterval"/>.</summary>
public sealed class RoomRetention(ExpiredRoomMessages expired, IOptions<RoomsOptions> options, TimeProvider clock, ILogger<RoomRetention> logger)
    : BatchedCleanup(options.Value.RetentionInterval, options.Value.RetentionBatchSize, clock, logger)
{
    protected override string What => "room messages past their room's retention";

    protected override Task<int> DeleteBatchAsync(DateTimeOffset now, int batch, CancellationToken ct) => expired.DeleteAsync(now, batch, ct);
}
