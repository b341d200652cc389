using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;

namespace Platform.Jobs.Rooms;

/// <summary>
/// What a reaction may be: one emoji as a user's keyboard writes it (a single grapheme cluster that is a symbol, or
/// carries an emoji's presentation or keycap mark: 👍, ❤️, 👩🏽‍💻, 🇫🇷, 1️⃣), or a short name such as <c>:shipit:</c> for
/// clients with emojis of their own; at most 16 UTF-16 code units. Letters, digits, spaces and control characters are
/// refused. Emojis are compared as written, after Unicode NFC normalization: ❤ and ❤️ are two reactions.
/// </summary>
public static partial class ReactionEmoji
{
    public const int MaxLength = 16;

    private const int PresentationSelector = 0xFE0F;
    private const int Keycap = 0x20E3;

    /// <summary>What is wrong with <paramref name="emoji"/>, or null when it may be a reaction.</summary>
    public static string? Problem(string? emoji)
    {
        var tooLong = $"must be one emoji or a :name:, at most {MaxLength} characters.";
        if (string.IsNullOrEmpty(emoji) || emoji.Length > MaxLength)
            return tooLong;
        if (emoji.StartsWith(':') && emoji.Length > 1)
            return ShortName().IsMatch(emoji) ? null : "a :name: is 1 to 14 of a-z, 0-9, '_', '+' and '-' between colons.";
        var text = Normalize(emoji);
        if (text.Length > MaxLength)
            return tooLong;
        if (new StringInfo(text).LengthInTextElements != 1)
            return "must be a single emoji.";
        var runes = text.EnumerateRunes().ToList();
        // A lone surrogate is enumerated as the replacement character.
        if (runes.Any(r => Rune.IsWhiteSpace(r) || Rune.IsControl(r) || r == Rune.ReplacementChar || Rune.GetUnicodeCategory(r) == UnicodeCategory.PrivateUse))
            return "must not hold spaces, control characters or broken text.";
        var looksLikeEmoji = Rune.GetUnicodeCategory(runes[0]) == UnicodeCategory.OtherSymbol
            || runes.Any(r => r.Value is PresentationSelector or Keycap);
        return looksLikeEmoji ? null : "must be an emoji (a symbol), not a letter, digit or punctuation.";
    }

    /// <summary>The reaction as stored and compared; call once <see cref="Problem"/> found none.</summary>
    public static string Normalize(string emoji) => emoji.Normalize(NormalizationForm.FormC);

    [GeneratedRegex("^:[a-z0-9_+-]{1,14}:$")]
    private static partial Regex ShortName();
}
