using System.Collections.Concurrent;
using System.Globalization;
using System.Threading.Channels;
using Microsoft.AspNetCore.SignalR;
using Platform.Client;
using Platform.Contracts.Jobs;
using Platform.Contracts.Rooms;

namespace Platform.Samples.ChatBot;

/// <summary>
/// A bot in a stored private room it owns: it creates the room (or finds it again by name), adds the people it serves,
/// takes their commands, submits jobs with its API key and posts their progress and results back into the room. It
/// resumes after its read marker, so a command posted while it was away is answered when it is back. Hub callbacks
/// only queue work: a callback that waited on a hub call of its own connection would never see the answer, so one
/// loop does the talking.
/// </summary>
public sealed class ChatBot(PlatformClient platform, string roomName, IReadOnlyList<Guid> members, TextWriter log)
{
    private readonly Channel<Func<PlatformLiveConnection, Task>> _work = Channel.CreateUnbounded<Func<PlatformLiveConnection, Task>>();
    private readonly ConcurrentDictionary<Guid, FollowedJob> _jobs = new();
    private Guid _roomId;
    private Guid _me;

    public const string ReadyMessage = "Bot here. Ask me with /generate or /train; /help for more.";

    // A burst of progress (many jobs at once) may pass the room's pace for one member; the bot waits its turn.
    private static readonly TimeSpan PaceRetry = TimeSpan.FromMilliseconds(250);
    private const int PaceAttempts = 8;

    private static readonly TimeSpan LinkLifetime = TimeSpan.FromDays(1);

    public async Task RunAsync(CancellationToken ct)
    {
        // Stopping is quiet at any point, while joining the room and connecting as much as while answering.
        try
        {
            await using var live = await JoinAsync(ct);
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

    // Into the room with its members, then live: its own jobs from their first event, and the room after its read marker.
    private async Task<PlatformLiveConnection> JoinAsync(CancellationToken ct)
    {
        var room = await RoomAsync(ct);
        _roomId = room.Id;
        foreach (var member in members)
            await platform.AddRoomMemberAsync(room.Id, member, ct: ct);
        // Its own greeting tells the bot who it is (an API key has no profile to ask), and where its read marker stands.
        _me = (await platform.PostRoomMessageAsync(room.Id, ReadyMessage, ct)).AuthorId!.Value;
        var readUpTo = (await platform.ListRoomMembersAsync(room.Id, ct)).Single(m => m.UserId == _me).LastReadSeq ?? 0;

        var live = platform.CreateLiveConnection();
        try
        {
            live.ChatMessageReceived += message => Queue(live => AnswerAsync(live, message, ct));
            live.JobEventReceived += jobEvent => Queue(live => ReportAsync(live, jobEvent));
            await live.StartAsync(ct);
            // Every job the bot submits is heard from its first event: a job that ends before a subscription to it
            // alone could be made would leave only its stored history, where progress is kept coalesced.
            await live.SubscribeMyJobsAsync(ct);
            await live.WatchRoomAsync(room.Id, readUpTo, ct);
            log.WriteLine($"In room '{room.Name}' ({room.Id}).");
            return live;
        }
        catch
        {
            await live.DisposeAsync();
            throw;
        }
    }

    private Task Queue(Func<PlatformLiveConnection, Task> work)
    {
        _work.Writer.TryWrite(work);
        return Task.CompletedTask;
    }

    // The room named so that the bot owns, or a new private one.
    private async Task<Room> RoomAsync(CancellationToken ct) =>
        (await platform.ListMyRoomsAsync(ct)).FirstOrDefault(r => r.Name == roomName && r.MyRole == RoomRole.Owner)
        ?? await platform.CreateRoomAsync(new CreateRoomRequest(roomName, "Ask the bot for images and training runs: /help"), ct);

    private async Task AnswerAsync(PlatformLiveConnection live, ChatMessage message, CancellationToken ct)
    {
        if (message.Kind != ChatMessageKind.User || message.AuthorId == _me || BotCommand.Parse(message.Text) is not { } command)
            return;
        var askedBy = message.AuthorName ?? "someone";
        log.WriteLine($"{askedBy}: {message.Text}");
        try
        {
            switch (command)
            {
                case BotCommand.Submit submit:
                    var job = await platform.SubmitAsync(submit.Request, ct);
                    _jobs[job.Id] = new FollowedJob(submit.Description, askedBy);
                    await SayAsync(live, $"{askedBy}: queued your {submit.Description} as job {job.Id}.");
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
            await SayAsync(live, $"{askedBy}: the platform said no: {reasons}");
        }
        finally
        {
            // Answered, or refused with the reason: either way this command is behind the bot when it comes back.
            await platform.MarkRoomReadAsync(_roomId, message.Seq, ct);
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
                await SayAsync(live, $"{job.Description} for {job.AskedBy} is done: {await ResultAsync(jobEvent)}");
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

    // The room's members are other users than the bot, whose jobs they cannot read: a download link needs no credentials.
    private async Task<string> ResultAsync(JobEvent succeeded)
    {
        var link = succeeded.Artifacts is [var artifact, ..]
            ? (await platform.CreateArtifactLinkAsync(succeeded.JobId, artifact.Name, LinkLifetime)).Url
            : null;
        if (succeeded.Output is { } output && output.TryGetProperty("finalLoss", out var finalLoss))
            return $"final loss {finalLoss.GetDouble().ToString("0.####", CultureInfo.InvariantCulture)} after {output.GetProperty("epochs").GetInt32()} epochs"
                + (link is null ? "" : $", model at {link}");
        return link ?? "finished.";
    }

    private static string Describe(JobStatus status) => status.ToString().ToLowerInvariant();

    private async Task SayAsync(PlatformLiveConnection live, string text)
    {
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                await live.PostToRoomAsync(_roomId, text);
                return;
            }
            catch (HubException e) when (e.Message.Contains("messages a second") && attempt < PaceAttempts)
            {
                await Task.Delay(PaceRetry);
            }
        }
    }

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
