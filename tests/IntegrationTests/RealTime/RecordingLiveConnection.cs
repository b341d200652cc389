using Platform.Client;
using Platform.Contracts.Admin;
using Platform.Contracts.Hubs;
using Platform.Contracts.Jobs;
using Platform.Contracts.Notifications;
using Platform.Contracts.Rooms;
using Platform.IntegrationTests.Infrastructure;

namespace Platform.IntegrationTests.RealTime;

/// <summary>An SDK live connection that records every push, so tests wait on what arrives, not on time.</summary>
public sealed class RecordingLiveConnection : IAsyncDisposable
{
    private RecordingLiveConnection(PlatformLiveConnection live) => Live = live;

    public PlatformLiveConnection Live { get; }

    public Recorder<JobEvent> JobEvents { get; } = new();

    public Recorder<Notification> Notifications { get; } = new();

    public Recorder<PresenceChange> Presence { get; } = new();

    public Recorder<ClusterOverview> Overviews { get; } = new();

    public Recorder<ChatMessage> ChatMessages { get; } = new();

    public Recorder<ChatMessage> ChatChanges { get; } = new();

    public Recorder<RoomLeft> RoomsLeft { get; } = new();

    public Recorder<RoomTyping> RoomTypings { get; } = new();

    /// <summary>One item per reconnect, added once rooms and subscriptions are restored.</summary>
    public Recorder<DateTimeOffset> Reconnects { get; } = new();

    public static async Task<RecordingLiveConnection> StartAsync(PlatformClient client)
    {
        var recording = new RecordingLiveConnection(client.CreateLiveConnection());
        var live = recording.Live;
        live.JobEventReceived += Add(recording.JobEvents);
        live.NotificationReceived += Add(recording.Notifications);
        live.PresenceChanged += Add(recording.Presence);
        live.OverviewReceived += Add(recording.Overviews);
        live.ChatMessageReceived += Add(recording.ChatMessages);
        live.ChatMessageChanged += Add(recording.ChatChanges);
        live.RoomLeft += Add(recording.RoomsLeft);
        live.RoomTypingReceived += Add(recording.RoomTypings);
        live.Reconnected += () => Add(recording.Reconnects)(DateTimeOffset.UtcNow);
        await live.StartAsync();
        return recording;
    }

    public ValueTask DisposeAsync() => Live.DisposeAsync();

    private static Func<T, Task> Add<T>(Recorder<T> recorder) => item =>
    {
        recorder.Add(item);
        return Task.CompletedTask;
    };
}
