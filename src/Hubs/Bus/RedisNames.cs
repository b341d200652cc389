using StackExchange.Redis;

namespace Platform.Hubs.Bus;

/// <summary>
/// <c>Redis:Prefix</c>: starts every key and channel this platform uses in Redis, so that platforms sharing one Redis
/// server (or the hosts of several test runs) neither see each other's messages nor sweep each other's presence.
/// </summary>
public sealed class RedisNames
{
    public const string Section = "Redis";

    public string Prefix { get; set; } = "platform";

    public RedisKey Key(string name) => $"{Prefix}:{name}";

    public RedisChannel Channel(string name) => RedisChannel.Literal($"{Prefix}:{name}");
}
