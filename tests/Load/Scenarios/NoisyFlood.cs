using System.Collections.Concurrent;
using System.Net;
using System.Text.Json;
using Microsoft.AspNetCore.SignalR;
using Microsoft.AspNetCore.SignalR.Client;
using Microsoft.Extensions.DependencyInjection;
using Platform.Client;
using Platform.Contracts;
using Platform.Contracts.Accounts;
using Platform.Contracts.Hubs;
using Platform.Contracts.Jobs;
using Platform.Contracts.Rooms;
using Platform.Jobs.Benchmarks;

namespace Platform.Load.Scenarios;

/// <summary>
/// One user doing all a tenant can to hold a host: batches of working jobs at the top priority, kept thousands
/// deep; thousands of job subscriptions and more rooms of its own watched on one hub connection than a connection may
/// watch, typing in them without pause; and as many event streams as it may open. Counts what the host accepted and
/// what it refused.
/// </summary>
public sealed class NoisyFlood(PlatformClient client, Uri url, string apiKey)
{
    private const int BatchSize = 100;
    private const int Backlog = 3000;
    private const int Subscriptions = 2000;
    // More than a connection may watch (Hubs:MaxRoomsPerConnection, 20), fewer than a user may own (Rooms:MaxRoomsPerUser, 50).
    private const int Rooms = 30;
    private const int Streams = 100;

    // A's jobs end at about 150 a second here, so half a second's worth is far less than the backlog.
    private static readonly TimeSpan BacklogCheck = TimeSpan.FromMilliseconds(500);
    private static readonly SubmitJobRequest Work =
        new(FlakyJob.TypeName, JsonSerializer.SerializeToElement(new { workMs = 50 }), SubmitJobRequest.HighestPriority);

    // In submit order: the streams are opened on the newest jobs, which are still queued and so stay open.
    private readonly ConcurrentQueue<Guid> _submitted = new();
    private readonly TaskCompletionSource _backlogReady = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private int _subscriptionsRefused;
    private int _roomsRefused;
    private int _streamsRefused;
    private long _typings;
    private long _hubCalls;

    public IReadOnlyCollection<Guid> Submitted => _submitted;

    /// <summary>Completes once the first backlog is queued, the streams are opened and the hub is connected.</summary>
    public Task Ready => _backlogReady.Task;

    public IReadOnlyDictionary<string, double> Figures => new Dictionary<string, double>
    {
        ["noisyJobs"] = _submitted.Count,
        ["noisySubscriptionsRefused"] = _subscriptionsRefused,
        ["noisyRoomsRefused"] = _roomsRefused,
        ["noisyStreamsRefused"] = _streamsRefused,
        ["noisyTypings"] = _typings,
        ["noisyHubCalls"] = _hubCalls,
    };

    public async Task RunAsync(CancellationToken stop)
    {
        await SubmitUntilAsync(Backlog, stop);
        var streams = await OpenStreamsAsync(stop);
        await using var hub = new HubConnectionBuilder()
            .WithUrl(new Uri(url, "hubs/jobs"), options => options.Headers[ApiKeyHeader.Name] = apiKey)
            .AddJsonProtocol(json => PlatformJson.Configure(json.PayloadSerializerOptions))
            .Build();
        await hub.StartAsync(stop);
        _backlogReady.TrySetResult();
        try
        {
            await Task.WhenAll(KeepBacklogAsync(stop), FloodHubAsync(hub, stop));
        }
        catch (OperationCanceledException) when (stop.IsCancellationRequested)
        {
        }
        finally
        {
            foreach (var stream in streams)
                stream.Dispose();
        }
    }

    private async Task FloodHubAsync(HubConnection hub, CancellationToken stop)
    {
        await SubscribeAsync(hub, stop);
        var rooms = await WatchRoomsAsync(hub, stop);
        await TypeAsync(hub, rooms, stop);
    }

    private async Task KeepBacklogAsync(CancellationToken stop)
    {
        while (!stop.IsCancellationRequested)
        {
            var stats = await client.GetStatsAsync(stop);
            await SubmitUntilAsync((int)(stats.Succeeded + stats.Failed + Backlog), stop);
            await Pause(BacklogCheck, stop);
        }
    }

    private async Task SubmitUntilAsync(int total, CancellationToken stop)
    {
        while (_submitted.Count < total && !stop.IsCancellationRequested)
        {
            try
            {
                var batch = await client.SubmitBatchAsync(new SubmitBatchRequest(Enumerable.Repeat(Work, BatchSize).ToList()), ct: stop);
                foreach (var job in batch.Jobs)
                    _submitted.Enqueue(job.Id);
            }
            catch (PlatformApiException e) when (e.Status == HttpStatusCode.TooManyRequests)
            {
                await Pause(TimeSpan.FromMilliseconds(200), stop);
            }
        }
    }

    private async Task SubscribeAsync(HubConnection hub, CancellationToken stop)
    {
        foreach (var jobId in _submitted.Take(Subscriptions))
            if (!await Accepted(() => hub.InvokeAsync("SubscribeJob", jobId, 0L, stop)))
                Interlocked.Increment(ref _subscriptionsRefused);
    }

    private async Task<List<Guid>> WatchRoomsAsync(HubConnection hub, CancellationToken stop)
    {
        var watched = new List<Guid>();
        for (var i = 0; i < Rooms; i++)
        {
            var room = await client.CreateRoomAsync(new CreateRoomRequest($"noisy {i}"), stop);
            if (await Accepted(() => hub.InvokeAsync(nameof(IJobsHub.WatchRoom), room.Id, 0L, stop)))
                watched.Add(room.Id);
            else
                _roomsRefused++;
        }
        return watched;
    }

    private async Task TypeAsync(HubConnection hub, List<Guid> rooms, CancellationToken stop)
    {
        while (!stop.IsCancellationRequested && rooms.Count > 0)
            foreach (var roomId in rooms)
                if (await Accepted(() => hub.InvokeAsync(nameof(IJobsHub.TypingInRoom), roomId, stop)))
                    Interlocked.Increment(ref _typings);
    }

    private async Task<List<HttpResponseMessage>> OpenStreamsAsync(CancellationToken stop)
    {
        var http = LoadRun.Http(url);
        var open = new List<HttpResponseMessage>();
        foreach (var jobId in _submitted.Skip(_submitted.Count - Streams))
        {
            var request = new HttpRequestMessage(HttpMethod.Get, $"api/v1/jobs/{jobId}/events");
            request.Headers.Accept.ParseAdd("text/event-stream");
            request.Headers.Add(ApiKeyHeader.Name, apiKey);
            var response = await http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, stop);
            if (response.IsSuccessStatusCode)
                open.Add(response);
            else
            {
                _streamsRefused++;
                response.Dispose();
            }
        }
        return open;
    }

    /// <summary>Makes one hub call; answers whether the host took it or refused it.</summary>
    private async Task<bool> Accepted(Func<Task> call)
    {
        try
        {
            await call();
            return true;
        }
        catch (HubException)
        {
            return false;
        }
        finally
        {
            Interlocked.Increment(ref _hubCalls);
        }
    }

    private static async Task Pause(TimeSpan wait, CancellationToken stop)
    {
        try
        {
            await Task.Delay(wait, stop);
        }
        catch (OperationCanceledException)
        {
        }
    }
}
