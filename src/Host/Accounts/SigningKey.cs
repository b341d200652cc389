using System.Security.Cryptography;
using Microsoft.IdentityModel.Tokens;

namespace Platform.Host.Accounts;

/// <summary>The key access tokens are signed with: configured, or generated once and kept in the data folder.</summary>
public static class SigningKey
{
    public const int MinBytes = 32;

    public static SymmetricSecurityKey Load(AccountsOptions options, PlatformOptions platform)
    {
        // A configured key was checked with the other settings (AccountsOptions.Rules).
        if (!string.IsNullOrWhiteSpace(options.SigningKey))
            return new SymmetricSecurityKey(Convert.FromBase64String(options.SigningKey));

        var dataPath = platform.FullDataPath;
        var file = Path.Combine(dataPath, "signing-key");
        if (!File.Exists(file))
            CreateOnce(dataPath, file);
        return new SymmetricSecurityKey(Decode(File.ReadAllText(file).Trim(), file));
    }

    // Hosts starting together over one data folder must all end up with the same key: the first move wins.
    private static void CreateOnce(string dataPath, string file)
    {
        Directory.CreateDirectory(dataPath);
        var draft = Path.Combine(dataPath, $"signing-key.{Environment.ProcessId}.tmp");
        File.WriteAllText(draft, Convert.ToBase64String(RandomNumberGenerator.GetBytes(64)));
        if (!OperatingSystem.IsWindows())
            File.SetUnixFileMode(draft, UnixFileMode.UserRead | UnixFileMode.UserWrite);
        try
        {
            File.Move(draft, file, overwrite: false);
        }
        catch (IOException) when (File.Exists(file))
        {
            File.Delete(draft);
        }
    }

    private static byte[] Decode(string base64, string source)
    {
        byte[] key;
        try
        {
            key = Convert.FromBase64String(base64);
        }
        catch (FormatException)
        {
            throw new InvalidOperationException($"The token signing key in {source} is not base64.");
        }
        return key.Length >= MinBytes
            ? key
            : throw new InvalidOperationException($"The token signing key in {source} has {key.Length} bytes; at least {MinBytes} are needed.");
    }
}
