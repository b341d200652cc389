using System.Text.RegularExpressions;

namespace Platform.Storage.Objects;

/// <summary>The one rule for object keys, so a key can never climb out of a folder or name a hidden file.</summary>
public static partial class ObjectKeys
{
    /// <summary>Segments of letters, digits, '.', '-' and '_', none starting with '.', joined by '/'.</summary>
    public static bool IsValid(string key) =>
        key.Length is > 0 and <= 512 && key.Split('/').All(segment => segment.Length > 0 && !segment.StartsWith('.') && Segment().IsMatch(segment));

    public static string Require(string key) =>
        IsValid(key) ? key : throw new ArgumentException($"'{key}' is not a valid object key.", nameof(key));

    [GeneratedRegex("^[A-Za-z0-9._-]+$")]
    private static partial Regex Segment();
}
