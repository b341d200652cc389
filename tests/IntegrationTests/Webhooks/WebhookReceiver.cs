using System.Collections.Concurrent;
using System.Text.Json;
using System.Threading.Channels;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Platform.Contracts;
using Platform.Contracts.Webhooks;

namespace Platform.IntegrationTests.Webhooks;

/// <summary>A receiver of webhook calls on a loopback port, as a user's service would be: it records each call and answers as told per path.</summary>
public sealed class WebhookReceiver : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly ConcurrentDictionary<string, Channel<ReceivedCall>> _calls = new();
    private readonly ConcurrentDictionary<string, ConcurrentQueue<int>> _answers = new();

    private WebhookReceiver(WebApplication app) => _app = app;

    public static async Task<WebhookReceiver> StartAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Logging.ClearProviders();
        var app = builder.Build();
        var receiver = new WebhookReceiver(app);
        app.MapPost("/{**path}", receiver.ReceiveAsync);
        await app.StartAsync();
        return receiver;
    }

    /// <summary>A fresh path on this receiver, so each test reads only its own calls.</summary>
    public string NewUrl(string? host = null)
    {
        var address = new Uri(_app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First());
        return $"http://{host ?? address.Host}:{address.Port}/hooks/{Guid.NewGuid():N}";
    }

    /// <summary>Stands for an answer that never comes: the call is held until its caller gives up.</summary>
    public const int NoAnswer = 0;

    /// <summary>Answers calls to <paramref name="url"/> with these statuses (or <see cref="NoAnswer"/>) in turn, then with the last one forever.</summary>
    public void Answer(string url, params int[] statuses) => _answers[new Uri(url).AbsolutePath] = new ConcurrentQueue<int>(statuses);

    public async Task<ReceivedCall> NextAsync(string url, TimeSpan? timeout = null)
    {
        using var cts = new CancellationTokenSource(timeout ?? TimeSpan.FromSeconds(20));
        try
        {
            return await Calls(new Uri(url).AbsolutePath).Reader.ReadAsync(cts.Token);
        }
        catch (OperationCanceledException)
        {
            throw new TimeoutException($"No webhook call reached {url} in time.");
        }
    }

    /// <summary>Calls received so far that nobody has read with <see cref="NextAsync"/>.</summary>
    public IReadOnlyList<ReceivedCall> Unread(string url)
    {
        var unread = new List<ReceivedCall>();
        while (Calls(new Uri(url).AbsolutePath).Reader.TryRead(out var call))
            unread.Add(call);
        return unread;
    }

    private async Task ReceiveAsync(HttpContext context)
    {
        using var reader = new StreamReader(context.Request.Body);
        var body = await reader.ReadToEndAsync();
        var headers = context.Request.Headers;
        var path = context.Request.Path.Value!;
        var call = new ReceivedCall(
            headers[WebhookSignature.IdHeader].ToString(), headers[WebhookSignature.TimestampHeader].ToString(),
            headers[WebhookSignature.SignatureHeader].ToString(), body, JsonSerializer.Deserialize<WebhookPayload>(body, PlatformJson.Options)!,
            DateTimeOffset.UtcNow);
        var status = StatusFor(path);
        await Calls(path).Writer.WriteAsync(call);
        if (status == NoAnswer)
        {
            await Task.Delay(Timeout.Infinite, context.RequestAborted).ContinueWith(_ => { });
            return;
        }
        context.Response.StatusCode = status;
    }

    private int StatusFor(string path)
    {
        if (!_answers.TryGetValue(path, out var statuses))
            return StatusCodes.Status200OK;
        return statuses.Count > 1 && statuses.TryDequeue(out var next) ? next : statuses.TryPeek(out var last) ? last : StatusCodes.Status200OK;
    }

    private Channel<ReceivedCall> Calls(string path) => _calls.GetOrAdd(path, _ => Channel.CreateUnbounded<ReceivedCall>());

    public async ValueTask DisposeAsync() => await _app.DisposeAsync();
}

public sealed record ReceivedCall(string Id, string Timestamp, string Signature, string Body, WebhookPayload Payload, DateTimeOffset ReceivedAt)
{
    public bool IsSignedWith(string secret) => WebhookSignature.Verify(secret, Id, Timestamp, Signature, Body);
}
