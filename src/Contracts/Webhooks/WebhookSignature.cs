using System.Security.Cryptography;
using System.Text;

namespace Platform.Contracts.Webhooks;

/// <summary>
/// How webhook calls are signed, after the Standard Webhooks scheme: <c>webhook-signature</c> holds
/// <c>v1,</c> and the base64 HMAC-SHA256 of <c>{webhook-id}.{webhook-timestamp}.{body}</c>, keyed with the bytes of
/// the owner's <c>whsec_</c> secret. Receivers check it, and that the timestamp is recent, before trusting a call.
/// </summary>
public static class WebhookSignature
{
    public const string IdHeader = "webhook-id";
    public const string TimestampHeader = "webhook-timestamp";
    public const string SignatureHeader = "webhook-signature";
    public const string SecretPrefix = "whsec_";

    /// <summary>How far a call's timestamp may be from the receiver's clock before <see cref="Verify"/> refuses it.</summary>
    public static readonly TimeSpan Tolerance = TimeSpan.FromMinutes(5);

    public static string NewSecret() => SecretPrefix + Convert.ToBase64String(RandomNumberGenerator.GetBytes(32));

    /// <summary>The <c>webhook-signature</c> header's value for one call.</summary>
    public static string Sign(string secret, string id, long timestamp, string body)
    {
        var mac = HMACSHA256.HashData(KeyOf(secret), Encoding.UTF8.GetBytes($"{id}.{timestamp}.{body}"));
        return "v1," + Convert.ToBase64String(mac);
    }

    /// <summary>
    /// Whether a received call was signed with <paramref name="secret"/> and is recent. <paramref name="signatureHeader"/>
    /// may list several space-separated signatures (e.g. during a key change); one match is enough.
    /// </summary>
    public static bool Verify(string secret, string? id, string? timestampHeader, string? signatureHeader, string body, DateTimeOffset? now = null)
    {
        if (string.IsNullOrEmpty(id) || !long.TryParse(timestampHeader, out var timestamp) || string.IsNullOrEmpty(signatureHeader))
            return false;
        var age = (now ?? DateTimeOffset.UtcNow) - DateTimeOffset.FromUnixTimeSeconds(timestamp);
        if (age.Duration() > Tolerance)
            return false;
        var expected = Encoding.ASCII.GetBytes(Sign(secret, id, timestamp, body));
        return signatureHeader.Split(' ', StringSplitOptions.RemoveEmptyEntries)
            .Any(candidate => CryptographicOperations.FixedTimeEquals(Encoding.ASCII.GetBytes(candidate), expected));
    }

    private static byte[] KeyOf(string secret) =>
        Convert.FromBase64String(secret.StartsWith(SecretPrefix, StringComparison.Ordinal) ? secret[SecretPrefix.Length..] : secret);
}
