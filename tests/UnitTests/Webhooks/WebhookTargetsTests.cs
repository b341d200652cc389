using System.Net;
using Platform.Contracts.Webhooks;
using Platform.Jobs.Webhooks;

namespace Platform.UnitTests.Webhooks;

public sealed class WebhookTargetsTests
{
    // One row per entry of the IANA IPv4 and IPv6 Special-Purpose Address Registries (its "Globally Reachable" column
    // deciding), then the space around them and the forms that carry an IPv4 address, each judged by that address.
    [Theory]
    [InlineData("0.0.0.0/8 \"This network\"", "0.1.2.3", false)]
    [InlineData("0.0.0.0/32 \"This host on this network\"", "0.0.0.0", false)]
    [InlineData("10.0.0.0/8 Private-Use", "10.20.30.40", false)]
    [InlineData("100.64.0.0/10 Shared Address Space", "100.127.255.254", false)]
    [InlineData("127.0.0.0/8 Loopback", "127.0.0.1", false)]
    [InlineData("169.254.0.0/16 Link Local", "169.254.169.254", false)]
    [InlineData("172.16.0.0/12 Private-Use", "172.31.255.255", false)]
    [InlineData("192.0.0.0/24 IETF Protocol Assignments", "192.0.0.200", false)]
    [InlineData("192.0.0.0/29 IPv4 Service Continuity Prefix", "192.0.0.2", false)]
    [InlineData("192.0.0.8/32 IPv4 dummy address", "192.0.0.8", false)]
    [InlineData("192.0.0.9/32 Port Control Protocol Anycast", "192.0.0.9", true)]
    [InlineData("192.0.0.10/32 Traversal Using Relays around NAT Anycast", "192.0.0.10", true)]
    [InlineData("192.0.0.170/32, 192.0.0.171/32 NAT64/DNS64 Discovery", "192.0.0.170", false)]
    [InlineData("192.0.0.170/32, 192.0.0.171/32 NAT64/DNS64 Discovery", "192.0.0.171", false)]
    [InlineData("192.0.2.0/24 Documentation (TEST-NET-1)", "192.0.2.2", false)]
    [InlineData("192.31.196.0/24 AS112-v4", "192.31.196.1", true)]
    [InlineData("192.52.193.0/24 AMT", "192.52.193.1", true)]
    [InlineData("192.88.99.0/24 Deprecated (6to4 Relay Anycast)", "192.88.99.1", false)]
    [InlineData("192.88.99.2/32 6a44-relay anycast address", "192.88.99.2", false)]
    [InlineData("192.168.0.0/16 Private-Use", "192.168.0.1", false)]
    [InlineData("192.175.48.0/24 Direct Delegation AS112 Service", "192.175.48.6", true)]
    [InlineData("198.18.0.0/15 Benchmarking", "198.19.255.1", false)]
    [InlineData("198.51.100.0/24 Documentation (TEST-NET-2)", "198.51.100.7", false)]
    [InlineData("203.0.113.0/24 Documentation (TEST-NET-3)", "203.0.113.7", false)]
    [InlineData("240.0.0.0/4 Reserved", "250.1.2.3", false)]
    [InlineData("255.255.255.255/32 Limited Broadcast", "255.255.255.255", false)]
    [InlineData("::1/128 Loopback Address", "::1", false)]
    [InlineData("::/128 Unspecified Address", "::", false)]
    [InlineData("::ffff:0:0/96 IPv4-mapped Address, carrying a private address", "::ffff:10.0.0.1", false)]
    [InlineData("::ffff:0:0/96 IPv4-mapped Address, carrying a public address", "::ffff:8.8.8.8", true)]
    [InlineData("64:ff9b::/96 IPv4-IPv6 Translat., carrying a link-local address", "64:ff9b::a9fe:a9fe", false)]
    [InlineData("64:ff9b::/96 IPv4-IPv6 Translat., carrying loopback", "64:ff9b::7f00:1", false)]
    [InlineData("64:ff9b::/96 IPv4-IPv6 Translat., carrying a public address", "64:ff9b::808:808", true)]
    [InlineData("64:ff9b:1::/48 IPv4-IPv6 Translat. (local-use), carrying a link-local address", "64:ff9b:1::a9fe:a9fe", false)]
    [InlineData("64:ff9b:1::/48 IPv4-IPv6 Translat. (local-use), carrying a public address", "64:ff9b:1::808:808", false)]
    [InlineData("100::/64 Discard-Only Address Block", "100::1", false)]
    [InlineData("100:0:0:1::/64 Dummy IPv6 Prefix", "100:0:0:1::1", false)]
    [InlineData("2001::/23 IETF Protocol Assignments", "2001:100::1", false)]
    [InlineData("2001::/32 TEREDO, carrying a private client address", "2001:0:4136:e378:8000:63bf:f5ff:fffe", false)]
    [InlineData("2001::/32 TEREDO, carrying a public client address", "2001:0:4136:e378:8000:63bf:f7f7:f7f7", true)]
    [InlineData("2001:1::1/128 Port Control Protocol Anycast", "2001:1::1", true)]
    [InlineData("2001:1::2/128 Traversal Using Relays around NAT Anycast", "2001:1::2", true)]
    [InlineData("2001:1::3/128 DNS-SD Service Registration Protocol Anycast", "2001:1::3", true)]
    [InlineData("2001:2::/48 Benchmarking", "2001:2::1", false)]
    [InlineData("2001:3::/32 AMT", "2001:3::1", true)]
    [InlineData("2001:4:112::/48 AS112-v6", "2001:4:112::1", true)]
    [InlineData("2001:10::/28 Deprecated (previously ORCHID)", "2001:10::1", false)]
    [InlineData("2001:20::/28 ORCHIDv2", "2001:20::1", true)]
    [InlineData("2001:30::/28 Drone Remote ID Protocol Entity Tags (DETs) Prefix", "2001:30::1", true)]
    [InlineData("2001:db8::/32 Documentation", "2001:db8::1", false)]
    [InlineData("2002::/16 6to4, carrying a private address", "2002:a00:1::1", false)]
    [InlineData("2002::/16 6to4, carrying loopback", "2002:7f00:1::", false)]
    [InlineData("2002::/16 6to4, carrying a public address", "2002:808:808::1", true)]
    [InlineData("2620:4f:8000::/48 Direct Delegation AS112 Service", "2620:4f:8000::42", true)]
    [InlineData("3fff::/20 Documentation", "3fff::1", false)]
    [InlineData("5f00::/16 Segment Routing (SRv6) SIDs", "5f00::1", false)]
    [InlineData("fc00::/7 Unique-Local", "fd00::2", false)]
    [InlineData("fe80::/10 Link-Local Unicast", "fe80::1", false)]
    [InlineData("IPv4 unicast outside the registry", "93.184.215.14", true)]
    [InlineData("IPv4 unicast outside the registry", "172.32.0.1", true)]
    [InlineData("IPv4 multicast", "224.0.0.1", false)]
    [InlineData("IPv6 global unicast outside the registry", "2606:4700::1111", true)]
    [InlineData("IPv6 multicast", "ff02::1", false)]
    [InlineData("IPv6 site-local (deprecated)", "fec0::1", false)]
    [InlineData("IPv6 reserved space: IPv4-compatible (deprecated)", "::a00:1", false)]
    [InlineData("IPv6 reserved space: IPv4-compatible (deprecated)", "::808:808", false)]
    public void An_address_is_allowed_only_where_its_most_specific_registry_block_is_globally_reachable(string block, string address, bool allowed) =>
        WebhookTargets.IsPublic(IPAddress.Parse(address)).Should().Be(allowed, block);

    [Fact]
    public void A_webhook_without_events_gets_them_all_and_repeated_events_count_once()
    {
        var targets = new WebhookTargets(new WebhooksOptions());

        targets.Check(new JobWebhook("https://hooks.example.com/a")).Webhook!.Events.Should().Equal(WebhookEvents.All);
        targets.Check(new JobWebhook("https://hooks.example.com/a", ["completed", "completed"])).Webhook!.Events.Should().Equal("completed");
    }

    [Fact]
    public void Private_targets_may_be_allowed_by_configuration()
    {
        var targets = new WebhookTargets(new WebhooksOptions { AllowPrivateTargets = true });

        targets.Check(new JobWebhook("http://127.0.0.1:9000/hook")).Errors.Should().BeEmpty();
        targets.MayConnectTo(IPAddress.Loopback).Should().BeTrue();
    }
}
