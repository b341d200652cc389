using System.Diagnostics;
using System.Globalization;
using Platform.Contracts.Rooms;

namespace Platform.Load.Measuring;

/// <summary>A chat post, named by its text: the turn it was sent in (0 the warm-up), its sender, and the sender's count in that turn.</summary>
public readonly record struct ChatKey(int Turn, int Member, int Number)
{
    /// <summary>The text posted: the key and the send time (this process's <see cref="Stopwatch"/> timestamp).</summary>
    public string Text(long sentAt) => $"{Turn} {Member} {Number} {sentAt}";

    public static bool TryParse(string text, out ChatKey key, out long sentAt)
    {
        var parts = text.Split(' ');
        if (parts.Length == 4 && int.TryParse(parts[0], CultureInfo.InvariantCulture, out var turn)
            && int.TryParse(parts[1], CultureInfo.InvariantCulture, out var member)
            && int.TryParse(parts[2], CultureInfo.InvariantCulture, out var number)
            && long.TryParse(parts[3], CultureInfo.InvariantCulture, out sentAt))
        {
            key = new ChatKey(turn, member, number);
            return true;
        }
        (key, sentAt) = (default, 0);
        return false;
    }
}

/// <summary>What the deliveries say against what was stored: each must reach every member of its room once (and, where promised, in sequence).</summary>
public sealed record ChatCheck(long Lost, long Duplicates, long OutOfOrder, int AnsweredNotStored, IReadOnlyList<string> Examples)
{
    public bool Clean => Lost == 0 && Duplicates == 0 && OutOfOrder == 0 && AnsweredNotStored == 0;
}

/// <summary>
/// Scores a chat: every post's answer, and every message each member received in the order it came. Latency is a
/// message's arrival at each member, on this process's clock, minus its send; rates run from a turn's first post to the
/// last delivery of its messages. Turn 0 is the warm-up: checked like the others, left out of the figures.
/// </summary>
public sealed class ChatMeter
{
    private readonly Member[] _members;
    private readonly Turn[] _turns;
    private readonly Func<int, int> _roomOf;
    private readonly int[] _answeredInRoom;
    private readonly List<(int Room, ChatKey Key, long Seq)> _answers = [];
    private long _foreign;

    /// <param name="roomOf">The room (index) member n watches and posts to.</param>
    public ChatMeter(int members, int rooms, int turns, Func<int, int> roomOf)
    {
        _members = [.. Enumerable.Range(0, members).Select(_ => new Member())];
        _turns = [.. Enumerable.Range(0, turns + 1).Select(_ => new Turn())];
        _answeredInRoom = new int[rooms];
        _roomOf = roomOf;
    }

    /// <summary>Messages received that were not posted to the member's room (none are expected).</summary>
    public long Foreign => Interlocked.Read(ref _foreign);

    public long DeliveriesIn(int turn) => Interlocked.Read(ref _turns[turn].Deliveries);

    public int AnsweredIn(int turn) => Volatile.Read(ref _turns[turn].Answered);

    /// <summary>A post of <paramref name="turn"/> goes out now: a turn's rates run from its first post.</summary>
    public void Sending(int turn, long sentAt)
    {
        var first = _turns[turn];
        long seen;
        while (((seen = Interlocked.Read(ref first.FirstSent)) == 0 || sentAt < seen) && Interlocked.CompareExchange(ref first.FirstSent, sentAt, seen) != seen)
        {
        }
    }

    public void End(int turn, (TimeSpan Hosts, TimeSpan Services) processorTime) => _turns[turn].ProcessorTime = processorTime;

    public void Answered(int member, ChatKey key, long seq, long sentAt)
    {
        var turn = _turns[key.Turn];
        turn.Posts.Add(Milliseconds(Stopwatch.GetTimestamp() - sentAt));
        Interlocked.Increment(ref turn.Answered);
        var room = _roomOf(member);
        lock (_answers)
            _answers.Add((room, key, seq));
        Interlocked.Increment(ref _answeredInRoom[room]);
    }

    public void Failed(int turn, Exception e)
    {
        if (Interlocked.Increment(ref _turns[turn].Failed) == 1)
            _turns[turn].FirstFailure = $"{e.GetType().Name}: {e.Message}";
    }

    public void Delivered(int member, ChatMessage message)
    {
        var now = Stopwatch.GetTimestamp();
        if (!ChatKey.TryParse(message.Text, out var key, out var sentAt) || key.Turn >= _turns.Length || key.Member >= _members.Length
            || _roomOf(key.Member) != _roomOf(member))
        {
            Interlocked.Increment(ref _foreign);
            return;
        }
        var received = _members[member];
        bool first;
        lock (received)
        {
            received.Seqs.Add(message.Seq);
            first = received.Keys.Add(key);
        }
        if (!first)
            return;
        var turn = _turns[key.Turn];
        turn.Latencies.Add(Milliseconds(now - sentAt));
        Interlocked.Increment(ref turn.Deliveries);
        long seen;
        while (now > (seen = Interlocked.Read(ref turn.LastDelivered)) && Interlocked.CompareExchange(ref turn.LastDelivered, now, seen) != seen)
        {
        }
    }

    /// <summary>Waits until every member has as many messages as its room's posts were answered, or the patience runs out.</summary>
    public async Task WaitForDeliveriesAsync(TimeSpan patience)
    {
        var clock = Stopwatch.StartNew();
        while (clock.Elapsed < patience && Enumerable.Range(0, _members.Length).Any(m => Received(m) < Volatile.Read(ref _answeredInRoom[_roomOf(m)])))
            await Task.Delay(50);
    }

    /// <summary>The answered posts of each room, with the sequence number each answer gave.</summary>
    public IReadOnlyList<IReadOnlyList<(ChatKey Key, long Seq)>> AnsweredByRoom()
    {
        lock (_answers)
            return [.. Enumerable.Range(0, _answeredInRoom.Length).Select(room =>
                (IReadOnlyList<(ChatKey, long)>)[.. _answers.Where(a => a.Room == room).Select(a => (a.Key, a.Seq))])];
    }

    /// <summary>
    /// Every member against what its room stored: what it never got (lost), what it got twice (duplicates), and with
    /// <paramref name="inSequence"/> what came after a higher sequence number (out of order).
    /// </summary>
    public ChatCheck Check(IReadOnlyList<IReadOnlyList<(ChatKey Key, long Seq)>> storedByRoom, bool inSequence)
    {
        var stored = storedByRoom.Select(room => room.ToDictionary(m => m.Key, m => m.Seq)).ToList();
        var examples = new List<string>();
        long lost = 0, duplicates = 0, outOfOrder = 0;
        for (var m = 0; m < _members.Length; m++)
        {
            var room = _roomOf(m);
            var member = _members[m];
            lock (member)
            {
                var missing = stored[room].Where(s => !member.Keys.Contains(s.Key)).Select(s => s.Value).Order().ToList();
                var twice = member.Seqs.Count - member.Keys.Count;
                var backwards = inSequence ? member.Seqs.Skip(1).Where((seq, i) => seq <= member.Seqs[i]).Count() : 0;
                (lost, duplicates, outOfOrder) = (lost + missing.Count, duplicates + twice, outOfOrder + backwards);
                if ((missing.Count > 0 || twice > 0 || backwards > 0) && examples.Count < 5)
                    examples.Add($"member {m} (room {room}): {missing.Count} missing{(missing.Count > 0 ? $" (seq {string.Join(", ", missing.Take(5))})" : "")}, " +
                        $"{twice} twice, {backwards} out of order");
            }
        }
        List<(ChatKey Key, long Seq)> answers;
        lock (_answers)
            answers = [.. _answers.Select(a => (a.Key, a.Seq))];
        var notStored = answers.Count(a => !stored.Any(room => room.ContainsKey(a.Key)));
        if (notStored > 0)
            examples.Add($"{notStored} answered posts are not in their room's history");
        return new ChatCheck(lost, duplicates, outOfOrder, notStored, examples);
    }

    /// <summary>Turns 1 to <paramref name="turns"/> as one: latencies, rates, failed posts (the warm-up's too) and processor time.</summary>
    public Dictionary<string, double> Figures(int turns)
    {
        var measured = _turns[1..(turns + 1)];
        var (deliveries, posts) = (new Latencies(), new Latencies());
        foreach (var turn in measured)
        {
            deliveries.Add(turn.Latencies);
            posts.Add(turn.Posts);
        }
        var seconds = measured.Sum(turn => turn.LastDelivered > turn.FirstSent ? Milliseconds(turn.LastDelivered - turn.FirstSent) / 1000 : 0);
        var delivered = measured.Sum(turn => turn.Deliveries);
        double PerThousand(Func<Turn, TimeSpan> cpu) =>
            delivered > 0 ? Math.Round(measured.Sum(turn => cpu(turn).TotalMilliseconds) / (delivered / 1000.0), 2) : double.NaN;
        return new Dictionary<string, double>
        {
            ["p50Ms"] = deliveries.Percentile(50),
            ["p99Ms"] = deliveries.Percentile(99),
            ["postP50Ms"] = posts.Percentile(50),
            ["postP99Ms"] = posts.Percentile(99),
            ["messagesPerSecond"] = seconds > 0 ? Math.Round(measured.Sum(turn => turn.Answered) / seconds, 1) : 0,
            ["deliveriesPerSecond"] = seconds > 0 ? Math.Round(delivered / seconds, 1) : 0,
            ["postsFailed"] = _turns.Sum(turn => turn.Failed),
            ["hostCpuMsPerThousandDeliveries"] = PerThousand(turn => turn.ProcessorTime.Hosts),
            ["servicesCpuMsPerThousandDeliveries"] = PerThousand(turn => turn.ProcessorTime.Services),
        };
    }

    /// <summary>The first post that failed, if any did.</summary>
    public string? FirstFailure => _turns.FirstOrDefault(turn => turn.FirstFailure is not null)?.FirstFailure;

    private int Received(int member)
    {
        lock (_members[member])
            return _members[member].Keys.Count;
    }

    private static double Milliseconds(long ticks) => ticks * 1000.0 / Stopwatch.Frequency;

    private sealed class Member
    {
        public readonly HashSet<ChatKey> Keys = [];
        public readonly List<long> Seqs = [];
    }

    private sealed class Turn
    {
        public readonly Latencies Latencies = new();
        public readonly Latencies Posts = new();
        public long FirstSent;
        public long LastDelivered;
        public long Deliveries;
        public int Answered;
        public int Failed;
        public string? FirstFailure;
        public (TimeSpan Hosts, TimeSpan Services) ProcessorTime;
    }
}
