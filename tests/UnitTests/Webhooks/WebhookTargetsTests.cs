using System.Net;
using Platform.Contracts.Webhooks;
using Platform.Jobs.Webhooks;

namespace Platform.UnitTests.Webhooks;

public sealed class WebhookTargetsTests
{
    [Theory]
    [InlineData("127.0.0.1")]
    [InlineData("10.20.30.40")]
    [InlineData("172.16.0.1")]
    [InlineData("172.31.255.255")]
    [InlineData("192.168.0.1")]
    [InlineData("169.254.169.254")]
    [InlineData("100.64.0.1")]
    [InlineData("0.0.0.0")]
    [InlineData("224.0.0.1")]
    [InlineData("192.0.2.2")]
    [InlineData("::1")]
    [InlineData("::")]
    [InlineData("fe80::1")]
    [InlineData("fd00::2")]
    [InlineData("::ffff:10.0.0.1")]
    [InlineData("64:ff9b::a9fe:a9fe")]
    [InlineData("64:ff9b::7f00:1")]
    [InlineData("2002:a00:1::1")]
    [InlineData("2002:7f00:1::")]
    [InlineData("2001:0:4136:e378:8000:63bf:f5ff:fffe")]
    [InlineData("::a00:1")]
    [InlineData("::7f00:1")]
    public void Loopback_private_link_local_and_reserved_addresses_are_not_public(string address) =>
        WebhookTargets.IsPublic(IPAddress.Parse(address)).Should().BeFalse();

    [Theory]
    [InlineData("93.184.215.14")]
    [InlineData("172.32.0.1")]
    [InlineData("8.8.8.8")]
    [InlineData("2606:4700::1111")]
    [InlineData("64:ff9b::808:808")]
    [InlineData("2002:808:808::1")]
    public void Addresses_on_the_internet_are_public(string address) =>
        WebhookTargets.IsPublic(IPAddress.Parse(address)).Should().BeTrue();

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
