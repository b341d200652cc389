using System.Text.RegularExpressions;

namespace Platform.Contracts.Files;

/// <summary>
/// What a declared content type must be before the platform stores it and names it in a download's headers: a media type
/// (RFC 6838: <c>type/subtype</c> of restricted names) with optional <c>; name=value</c> parameters (RFC 9110), one line of ASCII.
/// </summary>
public static partial class MediaType
{
    public const int MaxLength = 255;

    public const string Problem = "must be a media type (type/subtype, RFC 6838), with optional '; name=value' parameters, in at most 255 printable ASCII characters.";

    public static bool IsValid(string? declared) => declared is { Length: > 0 and <= MaxLength } && Grammar().IsMatch(declared);

    [GeneratedRegex("""^[A-Za-z0-9][A-Za-z0-9!#$&^_.+-]{0,126}/[A-Za-z0-9][A-Za-z0-9!#$&^_.+-]{0,126}( *; *([!#$%&'*+.^_`|~0-9A-Za-z-]+=([!#$%&'*+.^_`|~0-9A-Za-z-]+|"([ !#-\[\]-~]|\\[ -~])*"))?)* *$""")]
    private static partial Regex Grammar();
}
