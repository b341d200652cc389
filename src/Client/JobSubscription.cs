using Microsoft.AspNetCore.SignalR.Client;
using Platform.Contracts.Jobs;

namespace Platform.Client;

/// <summary>
/// A live feed of one job's events, or of all the caller's jobs. Remembers the last stored version it
/// delivered per job; after a reconnect it asks the hub for everything after it and drops repeats.
/// </summary>
public sealed class JobSubscription : IAsyncDisposable
{
    private readonly PlatformLiveConnection _live;

    private JobSubscription(PlatformLiveConnection live) => _live = live;

    /// <summary>The version of the last stored event delivered for <paramref name="jobId"/>, 0 when none.</summary>
    public long LastVersionOf(Guid jobId) => _live.LastVersionOf(jobId);

    public HubConnectionState State => _live.State;

    internal static async Task<JobSubscription> StartAsync(
        Uri hubUrl, PlatformCredentials credentials, Guid? jobId, long afterVersion, Func<JobEvent, Task> onEvent, CancellationToken ct)
    {
        var live = new PlatformLiveConnection(hubUrl, credentials);
        live.JobEventReceived += onEvent;
        try
        {
            await live.StartAsync(ct);
            if (jobId is { } id)
                await live.SubscribeJobAsync(id, afterVersion, ct);
            else
                await live.SubscribeMyJobsAsync(ct);
            return new JobSubscription(live);
        }
        catch
        {
            await live.DisposeAsync();
            throw;
        }
    }

    public ValueTask DisposeAsync() => _live.DisposeAsync();
}
