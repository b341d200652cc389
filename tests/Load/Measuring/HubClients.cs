using Microsoft.AspNetCore.Http.Connections;
using Microsoft.AspNetCore.SignalR.Client;
using Microsoft.Extensions.DependencyInjection;
using Platform.Contracts;
using Platform.Contracts.Accounts;

namespace Platform.Load.Measuring;

/// <summary>How hub clients encode their messages: JSON as browsers do, or MessagePack as the .NET client does.</summary>
public enum HubWire
{
    Json,
    MessagePack,
}

/// <summary>Many hub connections opened in parallel, spread over the given hosts.</summary>
public sealed class HubClients : IAsyncDisposable
{
    private readonly List<HubConnection> _connections = [];

    public int Count => _connections.Count;

    /// <summary>Client <paramref name="index"/>, connected to host <c>index % hosts</c>.</summary>
    public HubConnection this[int index] => _connections[index];

    /// <param name="hubPath">The hub's path on every host, e.g. <c>hubs/jobs</c>.</param>
    /// <param name="listen">Registers the handlers of client <c>index</c> before it connects.</param>
    /// <param name="apiKey">Sent as the platform's API key header; null for a hub that needs none.</param>
    public static Task<HubClients> ConnectAsync(IReadOnlyList<Uri> hosts, string hubPath, int count, HubWire wire,
        Action<int, HubConnection>? listen, Action<int>? progress = null, string? apiKey = null) =>
        ConnectAsync(hosts, hubPath, count, wire, listen, progress, _ => apiKey);

    /// <param name="apiKeyOf">The API key client <c>index</c> connects with, for clients that are different users.</param>
    public static async Task<HubClients> ConnectAsync(IReadOnlyList<Uri> hosts, string hubPath, int count, HubWire wire,
        Action<int, HubConnection>? listen, Action<int>? progress, Func<int, string?> apiKeyOf)
    {
        var clients = new HubClients();
        var connections = new HubConnection[count];
        var opened = 0;
        await Parallel.ForEachAsync(Enumerable.Range(0, count), new ParallelOptions { MaxDegreeOfParallelism = 32 }, async (index, ct) =>
        {
            var builder = new HubConnectionBuilder()
                .WithUrl(new Uri(hosts[index % hosts.Count], hubPath), options =>
                {
                    // Straight to a WebSocket: a negotiation would leave each client's idle HTTP connection open beside it,
                    // two sockets per client on the host.
                    options.SkipNegotiation = true;
                    options.Transports = HttpTransportType.WebSockets;
                    if (apiKeyOf(index) is { } apiKey)
                        options.Headers[ApiKeyHeader.Name] = apiKey;
                });
            var connection = (wire == HubWire.Json
                ? builder.AddJsonProtocol(json => PlatformJson.Configure(json.PayloadSerializerOptions))
                : builder.AddMessagePackProtocol(messagePack => messagePack.SerializerOptions = PlatformMessagePack.Options)).Build();
            listen?.Invoke(index, connection);
            await connection.StartAsync(ct);
            connections[index] = connection;
            progress?.Invoke(Interlocked.Increment(ref opened));
        });
        clients._connections.AddRange(connections);
        return clients;
    }

    public Task InvokeAllAsync(string method, params object[] args) =>
        Parallel.ForEachAsync(_connections, new ParallelOptions { MaxDegreeOfParallelism = 32 },
            async (connection, ct) => await connection.InvokeCoreAsync(method, args, ct));

    /// <summary>Each client calls <paramref name="method"/> with arguments of its own.</summary>
    public Task InvokeEachAsync(string method, Func<int, object[]> argsOf) =>
        Parallel.ForEachAsync(Enumerable.Range(0, _connections.Count), new ParallelOptions { MaxDegreeOfParallelism = 32 },
            async (index, ct) => await _connections[index].InvokeCoreAsync(method, argsOf(index), ct));

    public async ValueTask DisposeAsync()
    {
        await Parallel.ForEachAsync(_connections, new ParallelOptions { MaxDegreeOfParallelism = 64 },
            async (connection, _) => await connection.DisposeAsync());
    }
}
