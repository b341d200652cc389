using System.Net;
using System.Net.Sockets;

namespace Platform.Jobs.Webhooks;

/// <summary>
/// Which addresses the internet reaches, block by block: every row of the IANA IPv4 and IPv6 Special-Purpose Address
/// Registries with its "Globally Reachable" column, on top of the unicast space. The most specific block holding an
/// address decides. A block that carries an IPv4 address (IPv4-mapped, NAT64, 6to4, Teredo) is judged by that address.
/// </summary>
public static class AddressBlocks
{
    /// <summary>Whether <paramref name="address"/> is globally reachable, so a call to it leaves the hosts' own network.</summary>
    public static bool IsGloballyReachable(IPAddress address)
    {
        if (address.AddressFamily is not (AddressFamily.InterNetwork or AddressFamily.InterNetworkV6))
            return false;
        var block = Blocks.Where(block => block.Network.Contains(address)).MaxBy(block => block.Network.PrefixLength)!;
        return block.Carried is { } carried
            ? IsGloballyReachable(new IPAddress(carried(address.GetAddressBytes())))
            : block.GloballyReachable;
    }

    private sealed record Block(IPNetwork Network, string Name, bool GloballyReachable, Func<byte[], byte[]>? Carried = null);

    private static Block Reachable(string network, string name) => new(IPNetwork.Parse(network), name, true);

    private static Block Unreachable(string network, string name) => new(IPNetwork.Parse(network), name, false);

    private static Block Carrying(string network, string name, Func<byte[], byte[]> ipv4) => new(IPNetwork.Parse(network), name, false, ipv4);

    private static readonly Block[] Blocks =
    [
        // The space the registries carve from: IPv4 unicast, IPv4 multicast (no host to call), and of IPv6 only
        // 2000::/3 is given out for global unicast; the rest is reserved, multicast or local.
        Reachable("0.0.0.0/0", "IPv4 unicast"),
        Unreachable("224.0.0.0/4", "IPv4 multicast"),
        Unreachable("::/0", "IPv6 outside global unicast"),
        Reachable("2000::/3", "IPv6 global unicast"),

        // IANA IPv4 Special-Purpose Address Registry.
        Unreachable("0.0.0.0/8", "\"This network\""),
        Unreachable("0.0.0.0/32", "\"This host on this network\""),
        Unreachable("10.0.0.0/8", "Private-Use"),
        Unreachable("100.64.0.0/10", "Shared Address Space"),
        Unreachable("127.0.0.0/8", "Loopback"),
        Unreachable("169.254.0.0/16", "Link Local"),
        Unreachable("172.16.0.0/12", "Private-Use"),
        Unreachable("192.0.0.0/24", "IETF Protocol Assignments"),
        Unreachable("192.0.0.0/29", "IPv4 Service Continuity Prefix"),
        Unreachable("192.0.0.8/32", "IPv4 dummy address"),
        Reachable("192.0.0.9/32", "Port Control Protocol Anycast"),
        Reachable("192.0.0.10/32", "Traversal Using Relays around NAT Anycast"),
        Unreachable("192.0.0.170/32", "NAT64/DNS64 Discovery"),
        Unreachable("192.0.0.171/32", "NAT64/DNS64 Discovery"),
        Unreachable("192.0.2.0/24", "Documentation (TEST-NET-1)"),
        Reachable("192.31.196.0/24", "AS112-v4"),
        Reachable("192.52.193.0/24", "AMT"),
        // Deprecated, its columns empty: nothing to call there.
        Unreachable("192.88.99.0/24", "Deprecated (6to4 Relay Anycast)"),
        Unreachable("192.88.99.2/32", "6a44-relay anycast address"),
        Unreachable("192.168.0.0/16", "Private-Use"),
        Reachable("192.175.48.0/24", "Direct Delegation AS112 Service"),
        Unreachable("198.18.0.0/15", "Benchmarking"),
        Unreachable("198.51.100.0/24", "Documentation (TEST-NET-2)"),
        Unreachable("203.0.113.0/24", "Documentation (TEST-NET-3)"),
        Unreachable("240.0.0.0/4", "Reserved"),
        Unreachable("255.255.255.255/32", "Limited Broadcast"),

        // IANA IPv6 Special-Purpose Address Registry.
        Unreachable("::1/128", "Loopback Address"),
        Unreachable("::/128", "Unspecified Address"),
        // Never on the wire: a socket given one calls the IPv4 address it spells.
        Carrying("::ffff:0:0/96", "IPv4-mapped Address", b => b[12..]),
        Carrying("64:ff9b::/96", "IPv4-IPv6 Translat.", b => b[12..]),
        // Local-use translation: the IPv4 address it reaches is some local network's, wherever the operator put it.
        Unreachable("64:ff9b:1::/48", "IPv4-IPv6 Translat. (local-use)"),
        Unreachable("100::/64", "Discard-Only Address Block"),
        Unreachable("100:0:0:1::/64", "Dummy IPv6 Prefix"),
        Unreachable("2001::/23", "IETF Protocol Assignments"),
        // The client's address, its bits inverted, ends a Teredo address.
        Carrying("2001::/32", "TEREDO", b => b[12..].Select(octet => (byte)~octet).ToArray()),
        Reachable("2001:1::1/128", "Port Control Protocol Anycast"),
        Reachable("2001:1::2/128", "Traversal Using Relays around NAT Anycast"),
        Reachable("2001:1::3/128", "DNS-SD Service Registration Protocol Anycast"),
        Unreachable("2001:2::/48", "Benchmarking"),
        Reachable("2001:3::/32", "AMT"),
        Reachable("2001:4:112::/48", "AS112-v6"),
        Unreachable("2001:10::/28", "Deprecated (previously ORCHID)"),
        Reachable("2001:20::/28", "ORCHIDv2"),
        Reachable("2001:30::/28", "Drone Remote ID Protocol Entity Tags (DETs) Prefix"),
        Unreachable("2001:db8::/32", "Documentation"),
        Carrying("2002::/16", "6to4", b => b[2..6]),
        Reachable("2620:4f:8000::/48", "Direct Delegation AS112 Service"),
        Unreachable("3fff::/20", "Documentation"),
        Unreachable("5f00::/16", "Segment Routing (SRv6) SIDs"),
        Unreachable("fc00::/7", "Unique-Local"),
        Unreachable("fe80::/10", "Link-Local Unicast"),
    ];
}
