using System.Text.Json;
using MimeKit;

namespace Platform.TestCluster;

/// <summary>
/// A throwaway mail server: smtp-server (tests/Browser/smtp-sink.mjs) run by node on a loopback port, taking every message
/// without TLS or sign-in and keeping it in a file, read back by <see cref="ReceivedAsync"/>. It can be stopped and started
/// again on the same port, as a mail server that goes down and comes back.
/// </summary>
public sealed class LocalSmtp : IAsyncDisposable
{
    private readonly string _file;
    private NodeServer? _server;

    private LocalSmtp(string file, NodeServer server) => (_file, _server, Port) = (file, server, server.Port);

    public int Port { get; }

    /// <summary>The host settings that send mail through a server on <paramref name="port"/>, with links that name <paramref name="publicUrl"/>.</summary>
    public static Dictionary<string, string?> HostSettings(int port, string publicUrl) => new()
    {
        ["Mail:Host"] = "127.0.0.1",
        ["Mail:Port"] = port.ToString(System.Globalization.CultureInfo.InvariantCulture),
        ["Mail:Security"] = "None",
        ["Mail:PublicUrl"] = publicUrl,
    };

    /// <summary>A server on <paramref name="port"/>, or on a free one when 0.</summary>
    public static async Task<LocalSmtp> StartAsync(int port = 0)
    {
        var file = Path.Combine(Path.GetTempPath(), $"platform-mail-{Path.GetRandomFileName()}.jsonl");
        return new LocalSmtp(file, await StartServerAsync(file, port));
    }

    /// <summary>Stops taking mail: connections to its port are refused until <see cref="StartAgainAsync"/>.</summary>
    public async Task StopAsync()
    {
        if (_server is { } server)
            await server.DisposeAsync();
        _server = null;
    }

    /// <summary>Takes mail again, on the same port.</summary>
    public async Task StartAgainAsync() => _server ??= await StartServerAsync(_file, Port);

    /// <summary>Every message taken so far, in the order it was taken.</summary>
    public async Task<IReadOnlyList<MimeMessage>> ReceivedAsync()
    {
        if (!File.Exists(_file))
            return [];
        // Each message is one line ended by a newline; a line still being written has none yet.
        var lines = (await File.ReadAllTextAsync(_file)).Split('\n')[..^1];
        return lines.Select(line =>
        {
            var data = JsonDocument.Parse(line).RootElement.GetProperty("data").GetString()!;
            using var raw = new MemoryStream(System.Text.Encoding.UTF8.GetBytes(data));
            return MimeMessage.Load(raw);
        }).ToList();
    }

    public async ValueTask DisposeAsync()
    {
        await StopAsync();
        File.Delete(_file);
    }

    private static Task<NodeServer> StartServerAsync(string file, int port) =>
        NodeServer.StartAsync("smtp-server", "smtp-sink.mjs", file, port.ToString(System.Globalization.CultureInfo.InvariantCulture));
}
