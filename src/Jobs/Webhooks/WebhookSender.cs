using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Text;
using Platform.Contracts.Webhooks;
using Platform.Storage.Webhooks;

namespace Platform.Jobs.Webhooks;

/// <summary>
/// Makes one attempt of a webhook call: a signed POST that counts as delivered on a 2xx answer. Addresses are
/// checked as the connection is made, after name resolution, so a name cannot lead a call where a URL could not;
/// redirects are not followed and no proxy is used, for the same reason.
/// </summary>
public sealed class WebhookSender : IDisposable
{
    private readonly HttpClient _http;
    private readonly WebhookTargets _targets;
    private readonly TimeProvider _clock;
    private readonly WebhooksOptions _options;

    public WebhookSender(WebhookTargets targets, WebhooksOptions options, TimeProvider clock)
    {
        (_targets, _options, _clock) = (targets, options, clock);
        var handler = new SocketsHttpHandler
        {
            AllowAutoRedirect = false,
            UseProxy = false,
            UseCookies = false,
            PooledConnectionLifetime = TimeSpan.FromMinutes(5),
            ConnectTimeout = options.ConnectTimeout,
            ConnectCallback = ConnectAsync,
        };
        _http = new HttpClient(handler) { Timeout = Timeout.InfiniteTimeSpan };
        _http.DefaultRequestHeaders.UserAgent.ParseAdd("Platform-Webhooks/1.0");
    }

    public async Task<(WebhookAttempt Attempt, bool Final)> SendAsync(ClaimedCall call, string secret, CancellationToken ct)
    {
        var at = _clock.GetUtcNow();
        var timestamp = at.ToUnixTimeSeconds();
        using var request = new HttpRequestMessage(HttpMethod.Post, call.Url)
        {
            Content = new StringContent(call.Payload, Encoding.UTF8, "application/json"),
        };
        request.Headers.Add(WebhookSignature.IdHeader, call.Id.ToString());
        request.Headers.Add(WebhookSignature.TimestampHeader, timestamp.ToString());
        request.Headers.Add(WebhookSignature.SignatureHeader, WebhookSignature.Sign(secret, call.Id.ToString(), timestamp, call.Payload));

        // A pooled connection may be reused or a new one made first: either way the receiver has the response timeout to answer.
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(ct);
        timeout.CancelAfter(_options.AttemptTimeout);
        var clock = Stopwatch.StartNew();
        try
        {
            using var response = await _http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, timeout.Token);
            var code = (int)response.StatusCode;
            var error = response.IsSuccessStatusCode ? null : $"answered {code} {response.ReasonPhrase}".TrimEnd();
            return (new WebhookAttempt(call.Attempt, at, code, error, Elapsed(clock)), false);
        }
        catch (OperationCanceledException) when (!ct.IsCancellationRequested)
        {
            var error = timeout.IsCancellationRequested
                ? $"no answer within {Seconds(_options.ResponseTimeout)} s"
                : $"could not connect within {Seconds(_options.ConnectTimeout)} s";
            return (new WebhookAttempt(call.Attempt, at, null, error, Elapsed(clock)), false);
        }
        catch (HttpRequestException e) when (e.InnerException is RefusedTargetException refused)
        {
            // Another attempt would resolve to the same place; only a change of configuration could help.
            return (new WebhookAttempt(call.Attempt, at, null, refused.Message, Elapsed(clock)), true);
        }
        catch (HttpRequestException e)
        {
            return (new WebhookAttempt(call.Attempt, at, null, $"could not connect: {e.Message}", Elapsed(clock)), false);
        }
    }

    private static int Elapsed(Stopwatch clock) => (int)clock.ElapsedMilliseconds;

    private static string Seconds(TimeSpan span) => span.TotalSeconds.ToString("0.#", CultureInfo.InvariantCulture);

    private async ValueTask<Stream> ConnectAsync(SocketsHttpConnectionContext context, CancellationToken ct)
    {
        var host = context.DnsEndPoint.Host;
        var addresses = IPAddress.TryParse(host, out var literal) ? [literal] : await Dns.GetHostAddressesAsync(host, ct);
        var allowed = addresses.Where(_targets.MayConnectTo).ToArray();
        if (allowed.Length == 0)
            throw new RefusedTargetException(addresses.Length == 0
                ? $"refused: '{host}' resolves to no address"
                : $"refused: '{host}' resolves to a loopback or private address ({addresses[0]}), which webhooks may not call");

        var socket = new Socket(SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
        try
        {
            await socket.ConnectAsync(allowed, context.DnsEndPoint.Port, ct);
            return new NetworkStream(socket, ownsSocket: true);
        }
        catch
        {
            socket.Dispose();
            throw;
        }
    }

    public void Dispose() => _http.Dispose();

    private sealed class RefusedTargetException(string message) : Exception(message);
}
