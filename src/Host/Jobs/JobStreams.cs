using System.Globalization;
using System.Reflection;
using System.Runtime.CompilerServices;
using System.Text;
using System.Text.Json;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.Http.Metadata;
using Platform.Contracts;
using Platform.Contracts.Jobs;
using Platform.Jobs.Live;
using Platform.Jobs.Model;

namespace Platform.Host.Jobs;

/// <summary>
/// The live job feed for clients without WebSockets: Server-Sent Events on <c>GET /api/v1/jobs/{id}/events</c>
/// and long-polling on <c>GET /api/v1/jobs/{id}?waitForChange=30s</c>. Callers are authorized before they get here.
/// </summary>
public static class JobStreams
{
    public const string EventStreamMediaType = "text/event-stream";
    public static readonly TimeSpan MaxWait = TimeSpan.FromSeconds(60);

    /// <summary>True when the request asks for <c>text/event-stream</c>.</summary>
    public static bool WantsEventStream(HttpRequest request) =>
        request.GetTypedHeaders().Accept.Any(accept => accept.MediaType.Equals(EventStreamMediaType, StringComparison.OrdinalIgnoreCase));

    /// <summary>
    /// An event stream of <paramref name="job"/> from the resume point: the <c>Last-Event-ID</c> header a reconnecting
    /// client sends, else <paramref name="afterVersion"/>, else the start.
    /// </summary>
    public static (JobEventStream? Stream, ValidationProblem? Problem) OpenEventStream(JobView job, long? afterVersion, HttpRequest request)
    {
        var from = Math.Max(afterVersion ?? 0, 0);
        var lastEventId = request.Headers[JobEventStream.LastEventIdHeader];
        if (!string.IsNullOrEmpty(lastEventId) && !long.TryParse(lastEventId, NumberStyles.None, CultureInfo.InvariantCulture, out from))
            return (null, ApiProblems.Invalid(JobEventStream.LastEventIdHeader, "must be the id of an event this stream sent."));
        // A resume point past the job's history could never see the job's end; start from what exists.
        from = Math.Min(from, job.Version);
        return (new JobEventStream(job.Id, from, nothingLeft: job.Status.IsFinished() && from == job.Version), null);
    }

    public const string LongPollDescription =
        "With `waitForChange` (such as `30s` or `500ms`, at most 60s), answers once the job's version exceeds `afterVersion` " +
        "(default: its version now) or it finishes, else with the unchanged job when the time is up. " + SlotsDescription;

    /// <summary>What the OpenAPI description of a streaming operation says about the per-user limit.</summary>
    public const string SlotsDescription =
        "A caller who already holds `Limits:MaxStreamsPerUser` (10) event streams and long-polls open on the host is answered 429 `too_many_streams`.";

    /// <summary>Reads a <c>waitForChange</c> duration (<c>30s</c>, <c>500ms</c>, <c>1m</c>); null when there is none.</summary>
    public static (TimeSpan? Wait, ValidationProblem? Problem) ParseWait(string? waitForChange)
    {
        if (waitForChange is null)
            return (null, null);
        var text = waitForChange.Trim();
        var (digits, unit) = text.EndsWith("ms", StringComparison.Ordinal) ? (text[..^2], TimeSpan.FromMilliseconds(1))
            : text.EndsWith('s') ? (text[..^1], TimeSpan.FromSeconds(1))
            : text.EndsWith('m') ? (text[..^1], TimeSpan.FromMinutes(1))
            : ("", TimeSpan.Zero);
        if (int.TryParse(digits, NumberStyles.None, CultureInfo.InvariantCulture, out var count) && unit * count <= MaxWait)
            return (unit * count, null);
        return (null, ApiProblems.Invalid("waitForChange", $"must be a duration of at most {MaxWait.TotalSeconds:0}s, such as 30s, 5s or 500ms."));
    }

    /// <summary>True when a long-poll answers at once, without waiting.</summary>
    public static bool ChangedOrFinished(JobView job, long afterVersion, TimeSpan wait) =>
        job.Version > afterVersion || job.Status.IsFinished() || wait <= TimeSpan.Zero;

    /// <summary>
    /// The job once its stored version exceeds <paramref name="afterVersion"/> or it finishes, or unchanged once
    /// <paramref name="wait"/> is up. A finished job is returned at once.
    /// </summary>
    public static async Task<JobView> WaitForChangeAsync(JobView job, long afterVersion, TimeSpan wait, JobStore store, LiveJobFeed feed, CancellationToken ct)
    {
        if (ChangedOrFinished(job, afterVersion, wait))
            return job;

        // Replay from what was read covers a change committed between that read and this subscription.
        using var subscription = feed.Subscribe(job.Id, Math.Min(afterVersion, job.Version));
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(ct);
        timeout.CancelAfter(wait);
        try
        {
            await foreach (var jobEvent in subscription.Events.ReadAllAsync(timeout.Token))
                if (!jobEvent.Transient && (jobEvent.Version > afterVersion || jobEvent.Status.IsFinished()))
                    break;
        }
        catch (OperationCanceledException) when (timeout.IsCancellationRequested)
        {
            return job;
        }
        return await store.GetAsync(job.Id, ct) ?? job;
    }
}

/// <summary>
/// Writes a job's events as Server-Sent Events: stored ones after a version, then live ones, until the job
/// finishes or the client leaves. Stored events carry their version as the SSE id; progress ticks that are not
/// stored carry none, so a client that resumes from the last id it saw misses nothing that was stored.
/// </summary>
public sealed class JobEventStream : IResult, IEndpointMetadataProvider
{
    public const string LastEventIdHeader = "Last-Event-ID";
    public static readonly TimeSpan KeepAliveInterval = TimeSpan.FromSeconds(15);

    // One event dispatched to many streams is serialized once.
    private static readonly ConditionalWeakTable<JobEvent, string> Serialized = new();

    private readonly bool _nothingLeft;

    internal JobEventStream(Guid jobId, long afterVersion, bool nothingLeft)
    {
        (JobId, AfterVersion, _nothingLeft) = (jobId, afterVersion, nothingLeft);
    }

    public Guid JobId { get; }

    public long AfterVersion { get; }

    // The JSON list stays the documented 200 (one status has one schema), so the stream is described in words.
    public static void PopulateMetadata(MethodInfo method, EndpointBuilder builder) =>
        builder.Metadata.Add(new EndpointDescriptionAttribute(
            "With `Accept: text/event-stream`, streams the events as Server-Sent Events instead: each stored event after the " +
            "`Last-Event-ID` header (else `afterVersion`) with its version as `id`, then live ones, progress ticks without an id, " +
            "until the job finishes. 204 when the job has finished and nothing is left after that point. " + JobStreams.SlotsDescription));

    public async Task ExecuteAsync(HttpContext context)
    {
        var response = context.Response;
        if (_nothingLeft)
        {
            // The job finished and the client has seen its end: 204 tells an EventSource to stop reconnecting.
            response.StatusCode = StatusCodes.Status204NoContent;
            return;
        }

        var slots = context.RequestServices.GetRequiredService<StreamSlots>();
        using var slot = slots.TryTake(context.User.OwnerId());
        if (slot is null)
        {
            await slots.Refusal.ExecuteAsync(context);
            return;
        }
        var ct = context.RequestAborted;
        using var held = context.RequestServices.GetRequiredService<OpenAccess>().Hold(context);
        using var subscription = context.RequestServices.GetRequiredService<LiveJobFeed>().Subscribe(JobId, AfterVersion);
        response.StatusCode = StatusCodes.Status200OK;
        response.ContentType = JobStreams.EventStreamMediaType;
        response.Headers.CacheControl = "no-cache";
        // Reverse proxies such as nginx buffer responses unless told not to.
        response.Headers["X-Accel-Buffering"] = "no";
        context.Features.Get<IHttpResponseBodyFeature>()?.DisableBuffering();
        try
        {
            await response.StartAsync(ct);
            await response.Body.FlushAsync(ct);
            await PumpAsync(subscription, response, context.RequestServices.GetRequiredService<TimeProvider>(), ct);
        }
        catch (OperationCanceledException) when (ct.IsCancellationRequested)
        {
            // The client left.
        }
    }

    private static async Task PumpAsync(JobFeedSubscription subscription, HttpResponse response, TimeProvider clock, CancellationToken ct)
    {
        using var keepAlive = new PeriodicTimer(KeepAliveInterval, clock);
        var tick = keepAlive.WaitForNextTickAsync(ct).AsTask();
        var text = new StringBuilder();
        while (true)
        {
            var ready = subscription.Events.WaitToReadAsync(ct).AsTask();
            while (await Task.WhenAny(ready, tick) == tick)
            {
                await tick;
                await WriteAsync(response, ": keep-alive\n\n", ct);
                tick = keepAlive.WaitForNextTickAsync(ct).AsTask();
            }
            if (!await ready)
            {
                // The client fell too far behind to be sent everything; it resumes from its last id.
                if (subscription.FellBehind)
                    await WriteAsync(response, ": fell behind, reconnect to resume\n\n", ct);
                return;
            }

            var finished = false;
            text.Clear();
            while (!finished && subscription.Events.TryRead(out var jobEvent))
            {
                Append(text, jobEvent);
                finished = !jobEvent.Transient && jobEvent.Status.IsFinished();
            }
            await WriteAsync(response, text.ToString(), ct);
            if (finished)
                return;
        }
    }

    private static void Append(StringBuilder text, JobEvent jobEvent)
    {
        if (!jobEvent.Transient)
            text.Append("id: ").Append(jobEvent.Version.ToString(CultureInfo.InvariantCulture)).Append('\n');
        text.Append("event: ").Append(JsonNamingPolicy.CamelCase.ConvertName(jobEvent.Kind.ToString())).Append('\n');
        // Compact JSON escapes line breaks inside strings, so the data is one line.
        text.Append("data: ").Append(Serialized.GetValue(jobEvent, e => JsonSerializer.Serialize(e, PlatformJson.Options))).Append("\n\n");
    }

    private static async Task WriteAsync(HttpResponse response, string text, CancellationToken ct)
    {
        await response.WriteAsync(text, ct);
        await response.Body.FlushAsync(ct);
    }
}
