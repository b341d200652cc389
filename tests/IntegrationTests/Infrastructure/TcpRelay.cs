using System.Collections.Concurrent;
using System.Net;
using System.Net.Sockets;
using StackExchange.Redis;

namespace Platform.IntegrationTests.Infrastructure;

/// <summary>
/// A loopback TCP relay to one server that a test can cut and restore: a network fault between one host and Redis,
/// while every other host still reaches it.
/// </summary>
public sealed class TcpRelay : IAsyncDisposable
{
    private readonly TcpListener _listener = new(IPAddress.Loopback, 0);
    private readonly EndPoint _target;
    private readonly ConcurrentDictionary<Socket, Socket> _open = new();
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _accepting;
    private volatile bool _cut;

    private TcpRelay(EndPoint target, string redisConfiguration)
    {
        _target = target;
        _listener.Start();
        var throughRelay = ConfigurationOptions.Parse(redisConfiguration);
        throughRelay.EndPoints.Clear();
        throughRelay.EndPoints.Add(IPAddress.Loopback, Port);
        RedisConnectionString = throughRelay.ToString();
        _accepting = AcceptAsync();
    }

    /// <summary>A relay to the Redis server of <paramref name="redisConfiguration"/> (StackExchange.Redis format).</summary>
    public static TcpRelay ToRedis(string redisConfiguration) =>
        new(ConfigurationOptions.Parse(redisConfiguration).EndPoints.Single(), redisConfiguration);

    /// <summary>The same Redis configuration, reaching the server through this relay.</summary>
    public string RedisConnectionString { get; }

    public int Port => ((IPEndPoint)_listener.LocalEndpoint).Port;

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
            var server = new Socket(SocketType.Stream, ProtocolType.Tcp);
            try
            {
                await server.ConnectAsync(_target, _stop.Token);
            }
            catch (SocketException)
            {
                Close(client, server);
                continue;
            }
            _open[client] = server;
            _ = RelayAsync(client, server);
        }
    }

    private async Task RelayAsync(Socket client, Socket server)
    {
        await using var fromClient = new NetworkStream(client, ownsSocket: false);
        await using var toServer = new NetworkStream(server, ownsSocket: false);
        try
        {
            await Task.WhenAny(fromClient.CopyToAsync(toServer), toServer.CopyToAsync(fromClient));
        }
        catch (Exception e) when (e is IOException or ObjectDisposedException or SocketException)
        {
        }
        Close(client, server);
    }

    private void Close(Socket client, Socket server)
    {
        _open.TryRemove(client, out _);
        client.Dispose();
        server.Dispose();
    }
}
