using Microsoft.AspNetCore.SignalR;
using Microsoft.AspNetCore.SignalR.Client;

namespace Platform.Client;

/// <summary>
/// One hub connection for everything live: job events, notifications, presence, stored rooms and the admins' overview.
/// Add handlers, then <see cref="StartAsync"/>. It reconnects by itself for as long as it lives; once back it watches
/// its rooms again and resumes each job subscription after the last stored version it delivered, so every stored event
/// of a subscribed job arrives once and in order. Calls the hub refuses (an unknown job, a room the caller may not read)
/// throw <see cref="HubException"/>. Each feature is a part of this class in a file of its own
/// (<c>PlatformLiveConnection.Jobs.cs</c>…): its calls, its events and what it restores after a reconnect.
/// </summary>
public sealed partial class PlatformLiveConnection : IAsyncDisposable
{
    private const int RestoreAttempts = 3;
    private static readonly TimeSpan RestoreRetryDelay = TimeSpan.FromMilliseconds(250);

    private readonly HubConnection _connection;

    // Guards every feature's record of what this connection asked for.
    private readonly Lock _gate = new();

    internal PlatformLiveConnection(Uri hubUrl, PlatformCredentials credentials)
    {
        _connection = PlatformHub.Build(hubUrl, credentials);
        ListenToJobs();
        ListenToNotifications();
        ListenToPresence();
        ListenToRooms();
        ListenToOverview();
        _connection.Reconnected += _ => RestoreAsync();
    }

    /// <summary>The connection is back after a drop, with its rooms watched and its job subscriptions resumed.</summary>
    public event Func<Task>? Reconnected;

    public HubConnectionState State => _connection.State;

    public Task StartAsync(CancellationToken ct = default) => _connection.StartAsync(ct);

    public ValueTask DisposeAsync() => _connection.DisposeAsync();

    // A new connection has no rooms or subscriptions of its own: each feature asks again for what the last one had.
    private async Task RestoreAsync()
    {
        await RestoreRoomsAsync();
        await RestoreJobsAsync();
        await RestoreOverviewAsync();
        await RaiseAsync(Reconnected);
    }

    // One refusal (a job deleted meanwhile) must not keep the rest from being restored. A host that has just started may
    // also fail a call for a moment, so a room or a job is given up only when asking again is refused again. True when restored.
    private async Task<bool> RestoreOneAsync(Func<Task> call, Action forget)
    {
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                await call();
                return true;
            }
            catch (HubException) when (attempt < RestoreAttempts)
            {
                await Task.Delay(RestoreRetryDelay * attempt);
            }
            catch (HubException)
            {
                lock (_gate)
                    forget();
                return false;
            }
        }
    }

    private static async Task RaiseAsync<T>(Func<T, Task>? handlers, T value)
    {
        if (handlers is null)
            return;
        foreach (var handler in handlers.GetInvocationList().Cast<Func<T, Task>>())
            await handler(value);
    }

    private static async Task RaiseAsync(Func<Task>? handlers)
    {
        if (handlers is null)
            return;
        foreach (var handler in handlers.GetInvocationList().Cast<Func<Task>>())
            await handler();
    }
}
