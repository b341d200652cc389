using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Platform.Hubs.Presence;
using Platform.IntegrationTests.Infrastructure;

namespace Platform.IntegrationTests.RealTime;

/// <summary>Presence while a host's heartbeat is vouching for its connections.</summary>
public sealed class PresenceHeartbeatTests
{
    [Fact]
    public async Task A_user_who_leaves_while_the_heartbeat_vouches_for_their_connection_stays_offline()
    {
        await using var host = await PlatformApplication.StartAsync("presence-heartbeat",
            new Dictionary<string, string?> { ["Hubs:PresenceHeartbeat"] = "00:00:00.200" },
            services => services.Replace(ServiceDescriptor.Singleton<IPresenceStore>(sp =>
                new HeldVouches(ActivatorUtilities.CreateInstance<RedisPresenceStore>(sp)))));
        var store = (HeldVouches)host.Service<IPresenceStore>();
        var watcher = await host.CreateUserAsync();
        var leaver = await host.CreateUserAsync();
        await using var watching = await LiveConnection.OpenAsync(host, watcher);
        var leaving = await LiveConnection.OpenAsync(host, leaver);
        await watching.Presence.WaitForAsync(c => c.UserId == leaver.Id.ToString() && c.Online);

        var held = store.HoldNextVouchFor(leaver.Id.ToString());
        await held.Started;
        await leaving.DisposeAsync();
        // Time for the host to take the leave while the vouch is held: the race this test is about, not a wait for an outcome.
        await Task.Delay(TimeSpan.FromSeconds(1));
        held.Release();
        await held.Finished;

        await watching.Presence.WaitForAsync(c => c.UserId == leaver.Id.ToString() && !c.Online);
        (await watching.GetOnlineUsersAsync()).Should().NotContain(u => u.UserId == leaver.Id.ToString(),
            "a vouch begun before the leave must not bring the connection back");
        watching.Presence.Items.Where(c => c.UserId == leaver.Id.ToString()).Select(c => c.Online).Should().Equal(true, false);
    }

    /// <summary>The real store, except that the heartbeat's next vouch for one user waits until the test lets it go on.</summary>
    private sealed class HeldVouches(IPresenceStore store) : IPresenceStore
    {
        private volatile Hold? _hold;

        public Hold HoldNextVouchFor(string userId) => _hold = new Hold(userId);

        public async Task<bool> VouchAsync(string userId, string displayName, string connectionId)
        {
            if (_hold is not { } hold || hold.UserId != userId)
                return await store.VouchAsync(userId, displayName, connectionId);
            _hold = null;
            hold.Start();
            await hold.Resumed;
            try
            {
                return await store.VouchAsync(userId, displayName, connectionId);
            }
            finally
            {
                hold.Finish();
            }
        }

        public Task<bool> ConnectedAsync(string userId, string displayName, string connectionId) => store.ConnectedAsync(userId, displayName, connectionId);

        public Task<bool> DisconnectedAsync(string userId, string connectionId) => store.DisconnectedAsync(userId, connectionId);

        public Task<string?> WentOfflineAsync(string userId) => store.WentOfflineAsync(userId);

        public Task<IReadOnlyList<Platform.Contracts.Hubs.OnlineUser>> SweepAsync() => store.SweepAsync();

        public Task<IReadOnlyList<Platform.Contracts.Hubs.OnlineUser>> OnlineAsync() => store.OnlineAsync();
    }

    private sealed class Hold(string userId)
    {
        private readonly TaskCompletionSource _started = new(TaskCreationOptions.RunContinuationsAsynchronously);
        private readonly TaskCompletionSource _resumed = new(TaskCreationOptions.RunContinuationsAsynchronously);
        private readonly TaskCompletionSource _finished = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public string UserId { get; } = userId;
        public Task Started => _started.Task.WaitAsync(TimeSpan.FromSeconds(30));
        public Task Resumed => _resumed.Task;
        public Task Finished => _finished.Task.WaitAsync(TimeSpan.FromSeconds(30));
        public void Start() => _started.TrySetResult();
        public void Release() => _resumed.TrySetResult();
        public void Finish() => _finished.TrySetResult();
    }
}
