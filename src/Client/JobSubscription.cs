using System.Collections.Concurrent;
using Microsoft.AspNetCore.SignalR.Client;
using Microsoft.Extensions.DependencyInjection;
using Platform.Contracts;
using Platform.Contracts.Jobs;

namespace Platform.Client;

/// <summary>
/// A live feed of one job's events, or of all the caller's jobs. Remembers the last stored version it
/// delivered per job; after a reconnect it asks the hub for everything after it and drops repeats.
/// </summary>
public sealed class JobSubscription : IAsyncDisposable
{
    private readonly HubConnection _connection;
    private readonly Guid? _jobId;
    private readonly Func<JobEvent, Task> _onEvent;
    private readonly SemaphoreSlim _deliver = new(1, 1);
    private readonly ConcurrentDictionary<Guid, (long Version, bool Finished)> _seen = new();

    private JobSubscription(HubConnection connection, Guid? jobId, long afterVersion, Func<JobEvent, Task> onEvent)
    {
        (_connection, _jobId, _onEvent) = (connection, jobId, onEvent);
        if (jobId is { } id)
            _seen[id] = (afterVersion, false);
        _connection.On<JobEvent>(nameof(Contracts.Hubs.IJobsClient.JobEvent), DeliverAsync);
        _connection.Reconnected += _ => ResubscribeAsync(CancellationToken.None);
    }

    /// <summary>The version of the last stored event delivered for <paramref name="jobId"/>, 0 when none.</summary>
    public long LastVersionOf(Guid jobId) => _seen.TryGetValue(jobId, out var seen) ? seen.Version : 0;

    public HubConnectionState State => _connection.State;

    internal static async Task<JobSubscription> StartAsync(
        Uri hubUrl, PlatformCredentials credentials, Guid? jobId, long afterVersion, Func<JobEvent, Task> onEvent, CancellationToken ct)
    {
        var connection = new HubConnectionBuilder()
            .WithUrl(hubUrl, credentials.Apply)
            .WithAutomaticReconnect(new ForeverRetry())
            .AddJsonProtocol(json => PlatformJson.Configure(json.PayloadSerializerOptions))
            .Build();
        var subscription = new JobSubscription(connection, jobId, afterVersion, onEvent);
        try
        {
            await connection.StartAsync(ct);
            await subscription.ResubscribeAsync(ct);
            return subscription;
        }
        catch
        {
            await subscription.DisposeAsync();
            throw;
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _connection.DisposeAsync();
        _deliver.Dispose();
    }

    private async Task ResubscribeAsync(CancellationToken ct)
    {
        if (_jobId is null)
            await _connection.InvokeAsync(nameof(Contracts.Hubs.IJobsHub.SubscribeMyJobs), ct);
        foreach (var (jobId, seen) in _seen)
            if (!seen.Finished)
                await _connection.InvokeAsync(nameof(Contracts.Hubs.IJobsHub.SubscribeJob), jobId, seen.Version, ct);
    }

    private async Task DeliverAsync(JobEvent jobEvent)
    {
        if (_jobId is { } only && jobEvent.JobId != only)
            return;
        await _deliver.WaitAsync();
        try
        {
            var last = LastVersionOf(jobEvent.JobId);
            if (jobEvent.Transient ? jobEvent.Version < last : jobEvent.Version <= last)
                return;
            if (!jobEvent.Transient)
                _seen[jobEvent.JobId] = (jobEvent.Version, jobEvent.Status.IsFinished());
            await _onEvent(jobEvent);
        }
        finally
        {
            _deliver.Release();
        }
    }

    private sealed class ForeverRetry : IRetryPolicy
    {
        public TimeSpan? NextRetryDelay(RetryContext context) =>
            TimeSpan.FromMilliseconds(Math.Min(10_000, 250 * Math.Pow(2, Math.Min(context.PreviousRetryCount, 6))));
    }
}
