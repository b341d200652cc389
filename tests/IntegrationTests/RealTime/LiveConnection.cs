using System.Net.Http.Json;
using Microsoft.AspNetCore.Http.Connections.Client;
using Microsoft.AspNetCore.SignalR.Client;
using Microsoft.Extensions.DependencyInjection;
using Platform.Contracts;
using Platform.Contracts.Accounts;
using Platform.Contracts.Hubs;
using Platform.Contracts.Jobs;
using Platform.Contracts.Rooms;
using Platform.IntegrationTests.Infrastructure;

namespace Platform.IntegrationTests.RealTime;

/// <summary>
/// One dashboard's hub connection to one host, speaking JSON as a browser does and recording every push so tests wait
/// on what arrives, not on time.
/// </summary>
public sealed class LiveConnection : IAsyncDisposable
{
    private readonly Dictionary<string, object> _recorders = [];

    private LiveConnection(HubConnection connection) => Hub = connection;

    public HubConnection Hub { get; }

    public static Task<LiveConnection> OpenAsync(PlatformApplication host, TestUser user) => OpenAsync(host, user.Tokens.AccessToken);

    public static Task<LiveConnection> OpenAsync(PlatformApplication host, string accessToken) =>
        OpenAsync(host, o => o.AccessTokenProvider = () => Task.FromResult<string?>(accessToken));

    public static Task<LiveConnection> OpenWithKeyAsync(PlatformApplication host, string apiKey) =>
        OpenAsync(host, o => o.Headers[ApiKeyHeader.Name] = apiKey);

    /// <summary>A connection of <paramref name="user"/> acting for an organization they belong to.</summary>
    public static Task<LiveConnection> OpenActingForAsync(PlatformApplication host, TestUser user, Guid organizationId) =>
        OpenAsync(host, o => o.AccessTokenProvider = () => Task.FromResult<string?>(user.Tokens.AccessToken),
            $"?{Platform.Contracts.Organizations.ActAsParameter.Name}={organizationId}");

    private static async Task<LiveConnection> OpenAsync(PlatformApplication host, Action<HttpConnectionOptions> credentials, string query = "")
    {
        var hub = new HubConnectionBuilder()
            .WithUrl(new Uri(host.ClientOptions.BaseAddress, JobsHubPaths.Path.TrimStart('/') + query), credentials)
            .AddJsonProtocol(json => PlatformJson.Configure(json.PayloadSerializerOptions))
            .Build();
        var live = new LiveConnection(hub);
        live.Record<JobEvent>(nameof(IJobsClient.JobEvent));
        live.Record<JobTick>(nameof(IJobsClient.JobTicked));
        live.Record<Platform.Contracts.Notifications.Notification>(nameof(IJobsClient.Notification));
        live.Record<PresenceChange>(nameof(IJobsClient.PresenceChanged));
        live.Record<ChatMessage>(nameof(IJobsClient.ChatMessage));
        live.Record<RoomTyping>(nameof(IJobsClient.RoomTyping));
        await hub.StartAsync();
        return live;
    }

    /// <summary>Waits until the server has closed this connection, for <paramref name="within"/> (10 s).</summary>
    public Task ClosedAsync(string what, TimeSpan? within = null) =>
        Eventually.HoldsAsync(() => Task.FromResult(Hub.State == HubConnectionState.Disconnected), what, within ?? TimeSpan.FromSeconds(10));

    public Recorder<JobEvent> JobEvents => Received<JobEvent>(nameof(IJobsClient.JobEvent));

    public Recorder<JobTick> JobTicks => Received<JobTick>(nameof(IJobsClient.JobTicked));

    public Recorder<PresenceChange> Presence => Received<PresenceChange>(nameof(IJobsClient.PresenceChanged));

    public Task<IReadOnlyList<OnlineUser>> GetOnlineUsersAsync() => Hub.InvokeAsync<IReadOnlyList<OnlineUser>>(nameof(IJobsHub.GetOnlineUsers));

    public Recorder<ChatMessage> ChatMessages => Received<ChatMessage>(nameof(IJobsClient.ChatMessage));

    public Recorder<RoomTyping> RoomTypings => Received<RoomTyping>(nameof(IJobsClient.RoomTyping));

    /// <summary>What arrived for one client method, in order.</summary>
    public Recorder<T> Received<T>(string method) => (Recorder<T>)_recorders[method];

    private void Record<T>(string method)
    {
        var recorder = new Recorder<T>();
        _recorders[method] = recorder;
        Hub.On<T>(method, recorder.Add);
    }

    public async ValueTask DisposeAsync() => await Hub.DisposeAsync();
}

/// <summary>Raw REST calls for what the SDK does not wrap.</summary>
public static class RealTimeHttp
{
    public static HttpClient Http(this PlatformApplication host, TestUser user) => new()
    {
        BaseAddress = host.ClientOptions.BaseAddress,
        DefaultRequestHeaders = { Authorization = new("Bearer", user.Tokens.AccessToken) },
    };

    public static async Task<T> ReadAsync<T>(this HttpResponseMessage response)
    {
        response.EnsureSuccessStatusCode();
        return (await response.Content.ReadFromJsonAsync<T>(PlatformJson.Options))!;
    }
}
