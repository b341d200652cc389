using System.Net;
using System.Net.Http.Headers;
using System.Text.Json;
using Platform.Contracts;
using Platform.Contracts.Jobs;

namespace Platform.IntegrationTests.Infrastructure;

/// <summary>One Server-Sent Events message: its id (absent on progress ticks that are not stored), event name and data.</summary>
public sealed record SseMessage(string? Id, string? Event, string Data)
{
    public JobEvent JobEvent => JsonSerializer.Deserialize<JobEvent>(Data, PlatformJson.Options)!;
}

/// <summary>A raw Server-Sent Events request, read message by message as a browser's EventSource would.</summary>
public sealed class EventStream : IDisposable
{
    private readonly HttpResponseMessage _response;
    private readonly StreamReader? _reader;
    private readonly List<SseMessage> _received = [];

    private EventStream(HttpResponseMessage response, StreamReader? reader) => (_response, _reader) = (response, reader);

    public HttpStatusCode Status => _response.StatusCode;

    public HttpResponseMessage Response => _response;

    public IReadOnlyList<SseMessage> Received => _received;

    /// <summary>Sends the request and returns once the response headers arrived; the body is read as it comes.</summary>
    public static async Task<EventStream> OpenAsync(HttpClient http, string path, string? lastEventId = null)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, path);
        request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue("text/event-stream"));
        if (lastEventId is not null)
            request.Headers.Add("Last-Event-ID", lastEventId);
        var response = await http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead);
        var reader = response.StatusCode == HttpStatusCode.OK ? new StreamReader(await response.Content.ReadAsStreamAsync()) : null;
        return new EventStream(response, reader);
    }

    /// <summary>The next message, or null once the server ended the stream. Comments (keep-alives) are skipped.</summary>
    public async Task<SseMessage?> NextAsync(TimeSpan? timeout = null)
    {
        using var cancel = new CancellationTokenSource(timeout ?? TimeSpan.FromSeconds(60));
        string? id = null, name = null;
        var data = new List<string>();
        while (await _reader!.ReadLineAsync(cancel.Token) is { } line)
        {
            if (line.Length == 0)
            {
                if (data.Count == 0)
                    continue;
                var message = new SseMessage(id, name, string.Join('\n', data));
                _received.Add(message);
                return message;
            }
            if (line.StartsWith(':'))
                continue;
            var colon = line.IndexOf(':');
            var (field, value) = colon < 0 ? (line, "") : (line[..colon], line[(colon + 1)..].TrimStart(' '));
            switch (field)
            {
                case "id": id = value; break;
                case "event": name = value; break;
                case "data": data.Add(value); break;
            }
        }
        return null;
    }

    /// <summary>Reads until a message matches; fails when the stream ends or the time is up first.</summary>
    public async Task<SseMessage> WaitForAsync(Func<SseMessage, bool> match, TimeSpan? timeout = null)
    {
        var seen = _received.FirstOrDefault(match);
        if (seen is not null)
            return seen;
        while (await NextAsync(timeout) is { } message)
            if (match(message))
                return message;
        throw new InvalidOperationException("The stream ended before a matching message arrived.");
    }

    /// <summary>Reads every message until the server ends the stream.</summary>
    public async Task<IReadOnlyList<SseMessage>> ReadToEndAsync(TimeSpan? timeout = null)
    {
        while (await NextAsync(timeout) is not null)
        {
        }
        return _received;
    }

    public void Dispose()
    {
        _reader?.Dispose();
        _response.Dispose();
    }
}
