using System.Collections.Concurrent;
using System.Net;
using System.Net.Sockets;
using StackExchange.Redis;

namespace Platform.IntegrationTests.Infrastructure;

/// <summary>
/// A loopback TCP relay to one server that a test can cut and restore (a network fault between one host and Redis,
/// while every other host still reaches it), or slow down (a client that reads far slower than the server sends); or,
/// as a load balancer, to the first of several servers that takes the connection.
/// </summary>
public sealed class TcpRelay : IAsyncDisposable
{
    private readonly TcpListener _listener = new(IPAddress.Loopback, 0);
    private readonly IReadOnlyList<EndPoint> _targets;
    private readonly ConcurrentDictionary<Socket, Socket> _open = new();
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _accepting;
    private volatile bool _cut;
    // How many bytes a second of what the server sends are passed on; 0 while it flows freely.
    private volatile int _toClientBytesPerSecond;

    private TcpRelay(params EndPoint[] targets)
    {
        _targets = targets;
        _listener.Start();
        _accepting = AcceptAsync();
    }

    /// <summary>A relay to the Redis server of <paramref name="redisConfiguration"/> (StackExchange.Redis format).</summary>
    public static TcpRelay ToRedis(string redisConfiguration)
    {
        var relay = new TcpRelay(ConfigurationOptions.Parse(redisConfiguration).EndPoints.Single());
        var throughRelay = ConfigurationOptions.Parse(redisConfiguration);
        throughRelay.EndPoints.Clear();
        throughRelay.EndPoints.Add(IPAddress.Loopback, relay.Port);
        relay.RedisConnectionString = throughRelay.ToString();
        return relay;
    }

    /// <summary>A relay to the loopback server at <paramref name="server"/>'s port; call it at <see cref="Address"/>.</summary>
    public static TcpRelay ToLoopback(Uri server) => new(new IPEndPoint(IPAddress.Loopback, server.Port));

    /// <summary>A balancer in front of loopback servers: each connection goes to the first of <paramref name="servers"/> that takes it.</summary>
    public static TcpRelay ToFirstLiveOf(params Uri[] servers) =>
        new([.. servers.Select(server => (EndPoint)new IPEndPoint(IPAddress.Loopback, server.Port))]);

    /// <summary>The same Redis configuration, reaching the server through this relay.</summary>
    public string RedisConnectionString { get; private set; } = "";

    public Uri Address => new($"http://127.0.0.1:{Port}/");

    public int Port => ((IPEndPoint)_listener.LocalEndpoint).Port;

    /// <summary>Passes on only <paramref name="bytesPerSecond"/> of what the server sends, as a client that reads far slower than the server writes, until <see cref="Release"/>.</summary>
    public void SlowToClient(int bytesPerSecond) => _toClientBytesPerSecond = bytesPerSecond;

    public void Release() => _toClientBytesPerSecond = 0;

    /// <summary>Drops every open connection and refuses new ones until <see cref="Restore"/>.</summary>
    public void Cut()
    {
        _cut = true;
        foreach (var (client, server) in _open)
            Close(client, server);
    }

    public void Restore() => _cut = false;

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        _listener.Stop();
        Release();
        Cut();
        await _accepting.ContinueWith(_ => { });
    }

    private async Task AcceptAsync()
    {
        while (!_stop.IsCancellationRequested)
        {
            var client = await _listener.AcceptSocketAsync(_stop.Token);
            if (_cut)
            {
                client.Dispose();
                continue;
            }
            if (await ConnectAsync() is not { } server)
            {
                client.Dispose();
                continue;
            }
            _open[client] = server;
            _ = RelayAsync(client, server);
        }
    }

    private async Task<Socket?> ConnectAsync()
    {
        foreach (var target in _targets)
        {
            var server = new Socket(SocketType.Stream, ProtocolType.Tcp);
            try
            {
                await server.ConnectAsync(target, _stop.Token);
                return server;
            }
            catch (SocketException)
            {
                server.Dispose();
            }
        }
        return null;
    }

    private async Task RelayAsync(Socket client, Socket server)
    {
        await using var fromClient = new NetworkStream(client, ownsSocket: false);
        await using var toServer = new NetworkStream(server, ownsSocket: false);
        try
        {
            await Task.WhenAny(fromClient.CopyToAsync(toServer), PassToClientAsync(toServer, fromClient));
        }
        catch (Exception e) when (e is IOException or ObjectDisposedException or SocketException)
        {
        }
        Close(client, server);
    }

    // While slowed, little is read from the server, so its sends fill the socket buffers and then wait, as for a slow client.
    private async Task PassToClientAsync(Stream fromServer, Stream toClient)
    {
        var buffer = new byte[16 * 1024];
        while (true)
        {
            var bytesPerSecond = _toClientBytesPerSecond;
            var room = bytesPerSecond > 0 ? Math.Min(bytesPerSecond, buffer.Length) : buffer.Length;
            var read = await fromServer.ReadAsync(buffer.AsMemory(0, room), _stop.Token);
            if (read == 0)
                return;
            await toClient.WriteAsync(buffer.AsMemory(0, read), _stop.Token);
            if (bytesPerSecond > 0)
                await Task.Delay(TimeSpan.FromSeconds((double)read / bytesPerSecond), _stop.Token);
        }
    }

    private void Close(Socket client, Socket server)
    {
        _open.TryRemove(client, out _);
        client.Dispose();
        server.Dispose();
    }
}
