using System.Buffers.Text;
using System.Security.Cryptography;
using System.Text;

namespace Platform.Host.Accounts;

/// <summary>Random secrets handed out once (refresh tokens, API keys) and the hashes they are kept as.</summary>
internal static class Secrets
{
    public static string NewRandom(int bytes = 32) => Base64Url.EncodeToString(RandomNumberGenerator.GetBytes(bytes));

    public static string Hash(string secret) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(secret)));

    public static bool HashesEqual(string a, string b) =>
        CryptographicOperations.FixedTimeEquals(Encoding.ASCII.GetBytes(a), Encoding.ASCII.GetBytes(b));
}
