using System.Diagnostics;
using Microsoft.AspNetCore.SignalR.Client;
using Platform.Client;
using Platform.Contracts.Hubs;
using Platform.Contracts.Rooms;
using Platform.Jobs.Benchmarks;
using Platform.Load.Baseline;
using Platform.Load.Measuring;
using Platform.TestCluster;

namespace Platform.Load.Scenarios;

/// <summary>What a chat's members talk through.</summary>
public enum ChatSource
{
    /// <summary>The platform's stored rooms: <c>PostToRoom</c> stores, <c>WatchRoom</c> delivers once each and in sequence.</summary>
    Platform,

    /// <summary>Bare hubs: a room is a SignalR group, a post the same message sent to it; nothing stored or ordered.</summary>
    Bare,
}

public sealed record ChatContender(string Name, ChatSource Source);

/// <summary>
/// The offered chat: <see cref="Members"/> spread over <see cref="Rooms"/> rooms and two hosts, each posting
/// <see cref="Rate"/> messages a second to its room and watching it, for turns of <see cref="Turn"/>.
/// </summary>
public sealed record ChatLoad(int Members, int Rooms, int Rate, TimeSpan Turn)
{
    public const int Hosts = 2;

    public int IntervalMs => Math.Max(1, 1000 / Rate);

    /// <summary>Member n connects to host n % 2 and rooms go round in pairs, so every room has members on both hosts.</summary>
    public int RoomOf(int member) => member / Hosts % Rooms;

    public int MembersIn(int room) => Enumerable.Range(0, Members).Count(member => RoomOf(member) == room);

    public double OfferedMessagesPerSecond => Members * 1000.0 / IntervalMs;

    /// <summary>Each message reaches every member of its room, its sender included.</summary>
    public double OfferedDeliveriesPerSecond => Enumerable.Range(0, Rooms).Sum(room => MembersIn(room) * MembersIn(room)) * 1000.0 / IntervalMs;
}

/// <summary>
/// A contender's two hosts with the members connected, each watching its room; turns of posts at a fixed rate, scored
/// by one <see cref="ChatMeter"/>. On the platform each member is a user of its own who joined a public room.
/// Disposing closes the clients and stops the hosts.
/// </summary>
public sealed class ChatMembers : IAsyncDisposable
{
    private const int PageSize = 100;
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(30);

    private readonly ChatLoad _load;
    private readonly Guid[] _rooms;
    private readonly Func<(TimeSpan Hosts, TimeSpan Services)> _processorTime;
    private readonly IAsyncDisposable _stop;
    private PlatformClient[] _readers = [];
    private IReadOnlyList<Uri> _urls = [];
    private HubClients? _clients;

    private ChatMembers(ChatContender contender, ChatLoad load, int turns, Guid[] rooms, Func<(TimeSpan, TimeSpan)> processorTime, IAsyncDisposable stop)
    {
        (Contender, _load, _rooms, _processorTime, _stop) = (contender, load, rooms, processorTime, stop);
        Meter = new ChatMeter(load.Members, load.Rooms, turns, load.RoomOf);
    }

    public ChatContender Contender { get; }

    public ChatMeter Meter { get; }

    /// <summary>Starts the contender's hosts, makes its rooms and members, connects them and has each watch its room.</summary>
    public static async Task<ChatMembers> OpenAsync(LoadRun run, LocalCluster? cluster, ChatContender contender, ChatLoad load, int turns,
        Action<string> status)
    {
        var rooms = new Guid[load.Rooms];
        ChatMembers members;
        Deployment? deployment = null;
        if (contender.Source == ChatSource.Platform)
        {
            deployment = await run.DeployAsync(contender.Name, HostRole.AcceptOnly, HostRole.AcceptOnly);
            members = new ChatMembers(contender, load, turns, rooms, deployment.ProcessorTime, deployment);
        }
        else
        {
            if (cluster is null)
                throw new InvalidOperationException("The bare hubs need the Redis this tool starts; they cannot run with --url.");
            var hosts = await BareHubHost.StartAsync(cluster, ChatLoad.Hosts);
            for (var room = 0; room < rooms.Length; room++)
                rooms[room] = Guid.NewGuid();
            members = new ChatMembers(contender, load, turns, rooms, () => (HostProcess.ProcessorTimeOf(hosts), cluster.ServicesProcessorTime()),
                new HostsToStop(hosts));
            members._urls = [.. hosts.Select(host => host.Url)];
        }
        try
        {
            var keys = deployment is null ? null : await members.SignUpAsync(deployment, status);
            members._clients = await HubClients.ConnectAsync(members._urls, deployment is null ? BareHubHost.HubPath : JobsHubPaths.Path.TrimStart('/'),
                load.Members, HubWire.Json,
                (member, connection) => connection.On<ChatMessage>(nameof(IJobsClient.ChatMessage), message => members.Meter.Delivered(member, message)),
                connected => status($"{contender.Name}: {connected}/{load.Members} connected"), member => keys?[member]);
            await members._clients.InvokeEachAsync(nameof(IJobsHub.WatchRoom), member => [rooms[load.RoomOf(member)], 0L]);
            return members;
        }
        catch
        {
            await members.DisposeAsync();
            throw;
        }
    }

    /// <summary>
    /// Every member posts one message every interval for <paramref name="duration"/>, whatever the answers take; then
    /// waits until every member has its room's messages, or the patience runs out.
    /// </summary>
    public async Task RunTurnAsync(int turn, TimeSpan duration)
    {
        var posts = Math.Max(1, (int)Math.Round(duration.TotalMilliseconds / _load.IntervalMs));
        var before = _processorTime();
        await Task.WhenAll(Enumerable.Range(0, _load.Members).Select(async member =>
        {
            // Members start spread over one interval, so that their posts do not come in waves.
            await Task.Delay(TimeSpan.FromMilliseconds((double)_load.IntervalMs * member / _load.Members));
            var sent = new List<Task>(posts);
            await FixedRate.RunAsync(posts, _load.IntervalMs, number =>
            {
                sent.Add(PostAsync(new ChatKey(turn, member, number)));
                return ValueTask.CompletedTask;
            });
            await Task.WhenAll(sent);
        }));
        await Meter.WaitForDeliveriesAsync(Patience);
        var after = _processorTime();
        Meter.End(turn, (after.Hosts - before.Hosts, after.Services - before.Services));
    }

    /// <summary>Every message each room stored, from its history read page by page (the platform only).</summary>
    public async Task<IReadOnlyList<IReadOnlyList<(ChatKey Key, long Seq)>>> StoredAsync()
    {
        var stored = new List<IReadOnlyList<(ChatKey, long)>>();
        for (var room = 0; room < _rooms.Length; room++)
        {
            var reader = _readers[Enumerable.Range(0, _load.Members).First(member => _load.RoomOf(member) == room)];
            var messages = new List<(ChatKey, long)>();
            for (long? before = null; ;)
            {
                var page = await reader.ListRoomMessagesAsync(_rooms[room], before, limit: PageSize);
                foreach (var message in page.Messages)
                    if (ChatKey.TryParse(message.Text, out var key, out _))
                        messages.Add((key, message.Seq));
                if (page.Before is not { } older)
                    break;
                before = older;
            }
            stored.Add(messages);
        }
        return stored;
    }

    /// <summary>
    /// <paramref name="callers"/> members read their room's history for <paramref name="duration"/>: the newest page of
    /// <paramref name="limit"/>, then each page before it back to the first, then again from the newest.
    /// </summary>
    public async Task<(Latencies Pages, double PerSecond)> ReadHistoryAsync(int callers, int limit, TimeSpan duration)
    {
        var latencies = new Latencies();
        var cursors = new long?[Math.Min(callers, _readers.Length)];
        var clock = Stopwatch.StartNew();
        await Callers.RunAsync(cursors.Length, duration, latencies, async (caller, _) =>
        {
            var page = await _readers[caller].ListRoomMessagesAsync(_rooms[_load.RoomOf(caller)], cursors[caller], limit: limit);
            cursors[caller] = page.Before;
        });
        return (latencies, Math.Round(latencies.Count / clock.Elapsed.TotalSeconds, 1));
    }

    public async ValueTask DisposeAsync()
    {
        if (_clients is not null)
            await _clients.DisposeAsync();
        await _stop.DisposeAsync();
    }

    // The platform's rooms are public, made by the deployment's user; each member is a user of its own who joins one.
    private async Task<string[]> SignUpAsync(Deployment deployment, Action<string> status)
    {
        _urls = deployment.Urls;
        var owner = deployment.Client(_urls[0]);
        for (var room = 0; room < _rooms.Length; room++)
            _rooms[room] = (await owner.CreateRoomAsync(new CreateRoomRequest($"chat {room}", Visibility: RoomVisibility.Public))).Id;
        var keys = new string[_load.Members];
        _readers = new PlatformClient[_load.Members];
        var joined = 0;
        await Parallel.ForEachAsync(Enumerable.Range(0, _load.Members), new ParallelOptions { MaxDegreeOfParallelism = 8 }, async (member, _) =>
        {
            keys[member] = await deployment.NewUserKeyAsync();
            _readers[member] = deployment.Client(_urls[member % _urls.Count], keys[member]);
            await _readers[member].JoinRoomAsync(_rooms[_load.RoomOf(member)]);
            status($"{Contender.Name}: {Interlocked.Increment(ref joined)}/{_load.Members} members joined");
        });
        return keys;
    }

    private async Task PostAsync(ChatKey key)
    {
        var sentAt = Stopwatch.GetTimestamp();
        Meter.Sending(key.Turn, sentAt);
        try
        {
            var answer = await _clients![key.Member].InvokeAsync<ChatMessage>(nameof(IJobsHub.PostToRoom), _rooms[_load.RoomOf(key.Member)],
                key.Text(sentAt));
            Meter.Answered(key.Member, key, answer.Seq, sentAt);
        }
        catch (Exception e)
        {
            Meter.Failed(key.Turn, e);
        }
    }
}
