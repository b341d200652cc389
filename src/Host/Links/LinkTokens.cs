using System.Buffers.Text;
using System.Security.Cryptography;
using Microsoft.IdentityModel.Tokens;

namespace Platform.Host.Links;

/// <summary>
/// Signs and verifies download link tokens, <c>{payload}.{signature}</c> in base64url: the payload is a
/// <see cref="LinkGrant"/>, the signature its HMAC-SHA256 under a key derived from the platform's signing key. Every host
/// holding that key verifies a token by itself, without a database.
/// </summary>
public sealed class LinkTokens(SymmetricSecurityKey signingKey)
{
    // The label keeps this key apart from the token signing key it comes from: a link can never pass as a JWT, nor a JWT as a link.
    private static readonly byte[] Purpose = "platform download links v1"u8.ToArray();
    private const int MaxTokenLength = 1024;

    private readonly byte[] _key = HKDF.DeriveKey(HashAlgorithmName.SHA256, signingKey.Key, 32, info: Purpose);

    public string Sign(LinkGrant grant)
    {
        var payload = LinkPayload.Write(grant);
        return $"{Base64Url.EncodeToString(payload)}.{Base64Url.EncodeToString(HMACSHA256.HashData(_key, payload))}";
    }

    /// <summary>The grant the token carries, or null when it is malformed or not signed with this platform's key (any character changed).</summary>
    public LinkGrant? Verify(string token)
    {
        if (token.Length > MaxTokenLength || token.Split('.') is not [var payloadText, var signatureText]
            || Decode(payloadText) is not { } payload || Decode(signatureText) is not { } signature)
            return null;
        return CryptographicOperations.FixedTimeEquals(signature, HMACSHA256.HashData(_key, payload)) ? LinkPayload.Read(payload) : null;
    }

    // Only the spelling Sign writes: base64url's last character has spare bits, and a change there would decode to the same bytes.
    private static byte[]? Decode(string text)
    {
        try
        {
            var bytes = Base64Url.DecodeFromChars(text);
            return Base64Url.EncodeToString(bytes) == text ? bytes : null;
        }
        catch (FormatException)
        {
            return null;
        }
    }
}
