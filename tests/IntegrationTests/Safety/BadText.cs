using System.Text;

namespace Platform.IntegrationTests.Safety;

/// <summary>Text the walks send where text is taken, and how to spell it in JSON so that even an unpaired surrogate arrives as sent.</summary>
internal static class BadText
{
    /// <summary>Text no field anywhere may take: PostgreSQL cannot store it, UTF-8 cannot carry an unpaired surrogate.</summary>
    public static readonly (string What, string Value)[] Unstorable =
    [
        ("NUL", "\0"),
        ("NUL inside text", "a\0b"),
        ("a lone high surrogate", "a\ud800b"),
        ("a lone low surrogate", "\udc00"),
        ("a reversed surrogate pair", "\udc00\ud800"),
    ];

    /// <summary>Every C0 control character but NUL, and DEL: refused in names, types, headers and query values.</summary>
    public static readonly (string What, string Value)[] Controls =
        [.. Enumerable.Range(1, 31).Select(c => ($"U+{c:X4}", $"a{(char)c}b")), ("DEL", "a\u007fb")];

    /// <summary>Unpaired surrogates cannot be carried by UTF-8, so by MessagePack, nor in a URL.</summary>
    public static bool NeedsJson(string value) => value.Any(char.IsSurrogate);

    /// <summary><paramref name="text"/> as a JSON string in ASCII, every character outside printable ASCII escaped (unpaired surrogates too).</summary>
    public static string Json(string text)
    {
        var json = new StringBuilder("\"");
        foreach (var c in text)
            json.Append(c is < ' ' or > '~' or '"' or '\\' ? $"\\u{(int)c:x4}" : c);
        return json.Append('"').ToString();
    }
}
