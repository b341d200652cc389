using System.Collections.Concurrent;
using System.Globalization;
using System.Threading.Channels;
using Platform.Client;
using Platform.Contracts.Hubs;
using Platform.Contracts.Jobs;

namespace Platform.Samples.ChatBot;

/// <summary>
/// A bot in one chat room: members ask for jobs with commands, the bot submits them with its API key and posts their
/// progress and results back into the room. Hub callbacks only queue work: a callback that waited on a hub call of its
/// own connection would never see the answer, so one loop does the talking.
/// </summary>
public sealed class ChatBot(PlatformClient platform, string room, TextWriter log)
{
    private readonly Channel<Func<PlatformLiveConnection, Task>> _work = Channel.CreateUnbounded<Func<PlatformLiveConnection, Task>>();
    private readonly ConcurrentDictionary<Guid, FollowedJob> _jobs = new();

    public const string ReadyMessage = "Bot here. Ask me with /generate or /train; /help for more.";

    public async Task RunAsync(CancellationToken ct)
    {
        await using var live = platform.CreateLiveConnection();
        live.RoomMessageReceived += message => Queue(live => AnswerAsync(live, message, ct));
        live.JobEventReceived += jobEvent => Queue(live => ReportAsync(live, jobEvent));
        await live.StartAsync(ct);
        // Every job the bot submits is heard from its first event: a job that ends before a subscription to it
        // alone could be made would leave only its stored history, where progress is kept coalesced.
        await live.SubscribeMyJobsAsync(ct);
        await live.JoinRoomAsync(room, ct);
        await SayAsync(live, ReadyMessage);
        log.WriteLine($"In room '{room}'.");

        try
        {
            await foreach (var work in _work.Reader.ReadAllAsync(ct))
            {
                try
                {
                    await work(live);
                }
                catch (Exception e) when (e is not OperationCanceledException)
                {
                    log.WriteLine($"Could not answer: {e.Message}");
                }
            }
        }
        catch (OperationCanceledException) when (ct.IsCancellationRequested)
        {
        }
    }

    private Task Queue(Func<PlatformLiveConnection, Task> work)
    {
        _work.Writer.TryWrite(work);
        return Task.CompletedTask;
    }

    private async Task AnswerAsync(PlatformLiveConnection live, RoomMessage message, CancellationToken ct)
    {
        if (message.Room != room || BotCommand.Parse(message.Text) is not { } command)
            return;
        log.WriteLine($"{message.FromDisplayName}: {message.Text}");
        try
        {
            switch (command)
            {
                case BotCommand.Submit submit:
                    var job = await platform.SubmitAsync(submit.Request, ct);
                    _jobs[job.Id] = new FollowedJob(submit.Description, message.FromDisplayName);
                    await SayAsync(live, $"{message.FromDisplayName}: queued your {submit.Description} as job {job.Id}.");
                    break;
                case BotCommand.Status status:
                    var current = await platform.GetJobAsync(status.JobId, ct);
                    await SayAsync(live, $"Job {current.Id} ({current.Type}): {Describe(current.Status)}, {current.Progress:0}%.");
                    break;
                case BotCommand.Cancel cancel:
                    var cancelled = await platform.CancelAsync(cancel.JobId, ct);
                    await SayAsync(live, $"Job {cancelled.Id}: {Describe(cancelled.Status)}.");
                    break;
                case BotCommand.ShowHelp:
                    await SayAsync(live, BotCommand.Help);
                    break;
                case BotCommand.Invalid invalid:
                    await SayAsync(live, invalid.Reason);
                    break;
            }
        }
        catch (PlatformApiException refused)
        {
            var reasons = refused.Errors.Count > 0
                ? string.Join("; ", refused.Errors.Select(error => $"{error.Key} {string.Join(" ", error.Value)}"))
                : refused.Detail ?? refused.Title;
            await SayAsync(live, $"{message.FromDisplayName}: the platform said no: {reasons}");
        }
    }

    private async Task ReportAsync(PlatformLiveConnection live, JobEvent jobEvent)
    {
        if (!_jobs.TryGetValue(jobEvent.JobId, out var job))
            return;
        switch (jobEvent.Kind)
        {
            case JobEventKind.Progressed when jobEvent.Progress is { } percent && job.NextQuarter(percent) is { } quarter:
                var loss = jobEvent.Metrics?.TryGetValue("loss", out var value) == true ? $", loss {value.ToString("0.####", CultureInfo.InvariantCulture)}" : "";
                await SayAsync(live, $"{job.Description} for {job.AskedBy}: {quarter}%{loss}");
                break;
            case JobEventKind.Succeeded:
                _jobs.TryRemove(jobEvent.JobId, out _);
                await SayAsync(live, $"{job.Description} for {job.AskedBy} is done: {Result(jobEvent)}");
                break;
            case JobEventKind.Failed when jobEvent.Status == JobStatus.Failed:
                _jobs.TryRemove(jobEvent.JobId, out _);
                await SayAsync(live, $"{job.Description} for {job.AskedBy} failed: {jobEvent.Error}");
                break;
            case JobEventKind.Cancelled:
                _jobs.TryRemove(jobEvent.JobId, out _);
                await SayAsync(live, $"{job.Description} for {job.AskedBy} was cancelled.");
                break;
        }
    }

    private string Result(JobEvent succeeded)
    {
        var link = succeeded.Artifacts is [var artifact, ..]
            ? new Uri(platform.BaseAddress, $"api/v1/jobs/{succeeded.JobId}/artifacts/{Uri.EscapeDataString(artifact.Name)}").ToString()
            : null;
        if (succeeded.Output is { } output && output.TryGetProperty("finalLoss", out var finalLoss))
            return $"final loss {finalLoss.GetDouble().ToString("0.####", CultureInfo.InvariantCulture)} after {output.GetProperty("epochs").GetInt32()} epochs"
                + (link is null ? "" : $", model at {link}");
        return link ?? "finished.";
    }

    private static string Describe(JobStatus status) => status.ToString().ToLowerInvariant();

    private Task SayAsync(PlatformLiveConnection live, string text) => live.SendToRoomAsync(room, text);

    private sealed class FollowedJob(string description, string askedBy)
    {
        private int _reported;

        public string Description => description;
        public string AskedBy => askedBy;

        /// <summary>The quarter (25, 50, 75) progress just reached, once each; null between them and at 100, which the result reports.</summary>
        public int? NextQuarter(double percent)
        {
            var quarter = (int)(percent / 25) * 25;
            if (quarter <= _reported || quarter >= 100)
                return null;
            _reported = quarter;
            return quarter;
        }
    }
}
