using System.Net.Sockets;
using System.Text;

namespace Platform.Host.LocalServices;

/// <summary>Asks a Redis port for PONG over raw TCP, so starting a server needs no client library.</summary>
internal static class RedisPing
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(1);

    public static async Task<bool> AnswersAsync(int port, CancellationToken ct = default)
    {
        try
        {
            using var client = new TcpClient();
            await client.ConnectAsync("127.0.0.1", port, ct).AsTask().WaitAsync(Patience, ct);
            var stream = client.GetStream();
            await stream.WriteAsync("PING\r\n"u8.ToArray(), ct);
            var buffer = new byte[16];
            var read = await stream.ReadAsync(buffer, ct).AsTask().WaitAsync(Patience, ct);
            return Encoding.ASCII.GetString(buffer, 0, read).StartsWith("+PONG", StringComparison.Ordinal);
        }
        catch (Exception e) when (e is SocketException or IOException or TimeoutException)
        {
            return false;
        }
    }
}
