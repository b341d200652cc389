using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Platform.Jobs.Running;
using Platform.Storage.Rooms;

namespace Platform.Jobs.Rooms;

/// <summary>
/// A host's share of the messages jobs post to rooms: claims them from the outbox, stores each as its room's next
/// message in the transaction that removes it from the outbox, then tells the room's watchers on every host. A job
/// whose owner may no longer post there (removed, the room archived or deleted) posts nothing more. It wakes when any
/// host stores a post (PostgreSQL NOTIFY) and every <see cref="RoomsOptions.JobPostPollInterval"/>.
/// </summary>
public sealed class JobRoomPoster(
    JobPostOutbox outbox, IJobRoomAccess access, IRoomEventPublisher publisher, IOptions<RoomsOptions> options, TimeProvider clock,
    ILogger<JobRoomPoster> logger) : BackgroundService
{
    private const int PostsPerClaim = 100;

    private readonly ClaimLoop _loop = new("job posts to rooms", outbox.ListenAsync, options.Value.JobPostPollInterval, clock, logger);

    private RoomsOptions Limits => options.Value;

    protected override Task ExecuteAsync(CancellationToken stoppingToken) => _loop.RunAsync(PostAsync, stoppingToken);

    private async Task<bool> PostAsync(CancellationToken stoppingToken)
    {
        var (claimed, posted) = await outbox.PostAsync(PostsPerClaim, Limits.MaxMessageLength, MayPostAsync, clock.GetUtcNow(), stoppingToken);
        foreach (var (message, accessVersion) in posted)
            await publisher.PublishAsync(new RoomEvent(message.RoomId, message, AccessVersion: accessVersion));
        // A claim takes each job's oldest post: its next one is claimed in the next round.
        return claimed > 0;
    }

    private async Task<bool> MayPostAsync(PendingPost post) =>
        await access.PostingProblemAsync(post.RoomId, post.OwnerId, CancellationToken.None) is null;
}
