using Microsoft.Extensions.Options;
using Platform.Contracts.Hubs;
using Platform.Hubs.Bus;
using StackExchange.Redis;

namespace Platform.Hubs.Presence;

/// <summary>
/// Presence shared by every host. Each user has a sorted set of connection ids scored by the time their vouch runs
/// out; each host re-vouches for its own connections on every heartbeat, so a dead host's connections run out and
/// the next sweep (by any host) drops them. A sorted set of users, scored by their latest deadline, finds who is
/// online and who ran out. Scripts keep each change atomic, so exactly one host announces a join or a leave.
/// </summary>
public sealed class RedisPresenceStore(IConnectionMultiplexer redis, IOptions<PresenceOptions> options, IOptions<RedisNames> names, TimeProvider clock)
    : IPresenceStore
{
    private readonly RedisKey _users = names.Value.Key("presence:users");
    private readonly RedisKey _names = names.Value.Key("presence:names");

    // Vouches for one connection; returns how many live connections the user had before it.
    private const string VouchScript = """
        redis.call('ZREMRANGEBYSCORE', KEYS[1], '-inf', ARGV[1])
        local before = redis.call('ZCARD', KEYS[1])
        redis.call('ZADD', KEYS[1], ARGV[2], ARGV[3])
        redis.call('PEXPIRE', KEYS[1], ARGV[6])
        local current = redis.call('ZSCORE', KEYS[2], ARGV[4])
        if not current or tonumber(current) < tonumber(ARGV[2]) then
          redis.call('ZADD', KEYS[2], ARGV[2], ARGV[4])
        end
        redis.call('HSET', KEYS[3], ARGV[4], ARGV[5])
        return before
        """;

    // Removes one connection (ARGV[2], or none when empty) and what ran out; returns the display name when the user is now offline.
    private const string LeaveScript = """
        if ARGV[2] ~= '' then redis.call('ZREM', KEYS[1], ARGV[2]) end
        redis.call('ZREMRANGEBYSCORE', KEYS[1], '-inf', ARGV[1])
        local last = redis.call('ZRANGE', KEYS[1], -1, -1, 'WITHSCORES')
        if #last > 0 then
          redis.call('ZADD', KEYS[2], last[2], ARGV[3])
          return false
        end
        if redis.call('ZREM', KEYS[2], ARGV[3]) == 0 then return false end
        local name = redis.call('HGET', KEYS[3], ARGV[3])
        redis.call('HDEL', KEYS[3], ARGV[3])
        return name or ''
        """;

    private IDatabase Db => redis.GetDatabase();

    public async Task<bool> ConnectedAsync(string userId, string displayName, string connectionId) =>
        await VouchScriptAsync(userId, displayName, connectionId) == 0;

    public async Task<string?> DisconnectedAsync(string userId, string connectionId) => await LeaveAsync(userId, connectionId);

    // No live connection before this one: it ran out meanwhile (a stall, or Redis was unreachable) and was announced offline.
    public Task<bool> VouchAsync(string userId, string displayName, string connectionId) => ConnectedAsync(userId, displayName, connectionId);

    public async Task<IReadOnlyList<OnlineUser>> SweepAsync()
    {
        var ranOut = await Db.SortedSetRangeByScoreAsync(_users, double.NegativeInfinity, Now(), Exclude.None);
        var left = new List<OnlineUser>();
        foreach (var userId in ranOut)
            if (await LeaveAsync(userId!, "") is { } name)
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

    private async Task<long> VouchScriptAsync(string userId, string displayName, string connectionId)
    {
        var expiry = options.Value.PresenceExpiry;
        var now = Now();
        var result = await Db.ScriptEvaluateAsync(VouchScript, [ConnectionsOf(userId), _users, _names],
            [now, now + (long)expiry.TotalMilliseconds, connectionId, userId, displayName, (long)(expiry.TotalMilliseconds * 2)]);
        return (long)result;
    }

    private async Task<string?> LeaveAsync(string userId, string connectionId)
    {
        var result = await Db.ScriptEvaluateAsync(LeaveScript, [ConnectionsOf(userId), _users, _names], [Now(), connectionId, userId]);
        return result.IsNull ? null : (string?)result;
    }

    private RedisKey ConnectionsOf(string userId) => names.Value.Key("presence:connections:" + userId);

    private long Now() => clock.GetUtcNow().ToUnixTimeMilliseconds();
}
