using Platform.Contracts.Webhooks;

namespace Platform.UnitTests.Webhooks;

public sealed class WebhookSignatureTests
{
    private const string Body = """{"type":"job.completed","job":{"id":"x"}}""";
    private static readonly string Secret = WebhookSignature.NewSecret();
    private static readonly DateTimeOffset Now = DateTimeOffset.UtcNow;
    private static readonly long Timestamp = Now.ToUnixTimeSeconds();

    [Fact]
    public void A_signed_call_verifies_with_its_secret()
    {
        var signature = WebhookSignature.Sign(Secret, "call-1", Timestamp, Body);

        signature.Should().StartWith("v1,");
        WebhookSignature.Verify(Secret, "call-1", Timestamp.ToString(), signature, Body, Now).Should().BeTrue();
    }

    [Fact]
    public void A_changed_body_id_or_timestamp_or_another_secret_does_not_verify()
    {
        var signature = WebhookSignature.Sign(Secret, "call-1", Timestamp, Body);

        WebhookSignature.Verify(Secret, "call-1", Timestamp.ToString(), signature, Body.Replace("completed", "started"), Now).Should().BeFalse();
        WebhookSignature.Verify(Secret, "call-2", Timestamp.ToString(), signature, Body, Now).Should().BeFalse();
        WebhookSignature.Verify(Secret, "call-1", (Timestamp + 1).ToString(), signature, Body, Now).Should().BeFalse();
        WebhookSignature.Verify(WebhookSignature.NewSecret(), "call-1", Timestamp.ToString(), signature, Body, Now).Should().BeFalse();
        WebhookSignature.Verify(Secret, "call-1", Timestamp.ToString(), null, Body, Now).Should().BeFalse();
    }

    [Fact]
    public void A_call_older_than_the_tolerance_does_not_verify_so_it_cannot_be_replayed_later()
    {
        var signature = WebhookSignature.Sign(Secret, "call-1", Timestamp, Body);

        WebhookSignature.Verify(Secret, "call-1", Timestamp.ToString(), signature, Body, Now + WebhookSignature.Tolerance + TimeSpan.FromSeconds(1))
            .Should().BeFalse();
    }

    [Fact]
    public void One_matching_signature_among_several_is_enough()
    {
        var signature = WebhookSignature.Sign(Secret, "call-1", Timestamp, Body);
        var other = WebhookSignature.Sign(WebhookSignature.NewSecret(), "call-1", Timestamp, Body);

        WebhookSignature.Verify(Secret, "call-1", Timestamp.ToString(), $"{other} {signature}", Body, Now).Should().BeTrue();
    }
}
