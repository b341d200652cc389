using Microsoft.Extensions.Options;
using Platform.Contracts.Hubs;
using Platform.Hubs.Bus;
using StackExchange.Redis;

namespace Platform.Hubs.Presence;

/// <summary>
/// Presence shared by every host. Each user has a sorted set of connection ids scored by the time their vouch runs
/// out; each host re-vouches for its own connections on every heartbeat, so a dead host's connections run out and
/// the next sweep (by any host) drops them. A sorted set of the online users, scored by when each goes offline unless
/// vouched for again (their latest connection's deadline, or the end of the debounce once their last connection left),
/// finds who is online and who ran out. Scripts keep each change atomic, so exactly one host announces a join or a leave.
/// </summary>
public sealed class RedisPresenceStore(IConnectionMultiplexer redis, IOptions<PresenceOptions> options, IOptions<RedisNames> names, TimeProvider clock)
    : IPresenceStore
{
    private readonly RedisKey _users = names.Value.Key("presence:users");
    private readonly RedisKey _names = names.Value.Key("presence:names");

    // Vouches for one connection; returns 1 when its user was not online before it.
    private const string VouchScript = """
        redis.call('ZREMRANGEBYSCORE', KEYS[1], '-inf', ARGV[1])
        redis.call('ZADD', KEYS[1], ARGV[2], ARGV[3])
        redis.call('PEXPIRE', KEYS[1], ARGV[6])
        local current = redis.call('ZSCORE', KEYS[2], ARGV[4])
        if not current or tonumber(current) < tonumber(ARGV[2]) then
          redis.call('ZADD', KEYS[2], ARGV[2], ARGV[4])
        end
        redis.call('HSET', KEYS[3], ARGV[4], ARGV[5])
        if current then return 0 end
        return 1
        """;

    // Removes one connection and what ran out; returns 1 when the user had no other, and is online only until the debounce ends (ARGV[4]).
    private const string LeaveScript = """
        redis.call('ZREM', KEYS[1], ARGV[2])
        redis.call('ZREMRANGEBYSCORE', KEYS[1], '-inf', ARGV[1])
        local last = redis.call('ZRANGE', KEYS[1], -1, -1, 'WITHSCORES')
        if #last > 0 then
          redis.call('ZADD', KEYS[2], 'XX', last[2], ARGV[3])
          return 0
        end
        if not redis.call('ZSCORE', KEYS[2], ARGV[3]) then return 0 end
        redis.call('ZADD', KEYS[2], ARGV[4], ARGV[3])
        return 1
        """;

    // Drops what ran out; returns the display name when the user now has no connection and their time is up, i.e. is offline.
    private const string OfflineScript = """
        redis.call('ZREMRANGEBYSCORE', KEYS[1], '-inf', ARGV[1])
        local last = redis.call('ZRANGE', KEYS[1], -1, -1, 'WITHSCORES')
        if #last > 0 then
          redis.call('ZADD', KEYS[2], 'XX', last[2], ARGV[2])
          return false
        end
        local onlineUntil = redis.call('ZSCORE', KEYS[2], ARGV[2])
        if not onlineUntil or tonumber(onlineUntil) > tonumber(ARGV[1]) then return false end
        redis.call('ZREM', KEYS[2], ARGV[2])
        local name = redis.call('HGET', KEYS[3], ARGV[2])
        redis.call('HDEL', KEYS[3], ARGV[2])
        return name or ''
        """;

    private IDatabase Db => redis.GetDatabase();

    public async Task<bool> ConnectedAsync(string userId, string displayName, string connectionId)
    {
        var expiry = options.Value.PresenceExpiry;
        var now = Now();
        var cameOnline = await Db.ScriptEvaluateAsync(VouchScript, [ConnectionsOf(userId), _users, _names],
            [now, now + (long)expiry.TotalMilliseconds, connectionId, userId, displayName, (long)(expiry.TotalMilliseconds * 2)]);
        return (long)cameOnline == 1;
    }

    public async Task<bool> DisconnectedAsync(string userId, string connectionId)
    {
        var now = Now();
        var lastLeft = await Db.ScriptEvaluateAsync(LeaveScript, [ConnectionsOf(userId), _users, _names],
            [now, connectionId, userId, now + (long)options.Value.PresenceAnnounceDebounce.TotalMilliseconds]);
        return (long)lastLeft == 1;
    }

    public async Task<string?> WentOfflineAsync(string userId)
    {
        var result = await Db.ScriptEvaluateAsync(OfflineScript, [ConnectionsOf(userId), _users, _names], [Now(), userId]);
        return result.IsNull ? null : (string?)result;
    }

    // Not online before this: the connection ran out meanwhile (a stall, or Redis was unreachable) and was announced offline.
    public Task<bool> VouchAsync(string userId, string displayName, string connectionId) => ConnectedAsync(userId, displayName, connectionId);

    public async Task<IReadOnlyList<OnlineUser>> SweepAsync()
    {
        var ranOut = await Db.SortedSetRangeByScoreAsync(_users, double.NegativeInfinity, Now(), Exclude.None);
        var left = new List<OnlineUser>();
        foreach (var userId in ranOut)
            if (await WentOfflineAsync(userId!) is { } name)
                left.Add(new OnlineUser(userId!, name));
        return left;
    }

    public async Task<IReadOnlyList<OnlineUser>> OnlineAsync()
    {
        var ids = await Db.SortedSetRangeByScoreAsync(_users, Now(), double.PositiveInfinity, Exclude.Start);
        if (ids.Length == 0)
            return [];
        var displayNames = await Db.HashGetAsync(_names, ids);
        return ids.Select((id, i) => new OnlineUser(id!, displayNames[i].HasValue ? displayNames[i]! : "")).ToList();
    }

    private RedisKey ConnectionsOf(string userId) => names.Value.Key("presence:connections:" + userId);

    private long Now() => clock.GetUtcNow().ToUnixTimeMilliseconds();
}
