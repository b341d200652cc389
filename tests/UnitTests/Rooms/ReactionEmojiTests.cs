using Platform.Jobs.Rooms;

namespace Platform.UnitTests.Rooms;

public sealed class ReactionEmojiTests
{
    [Theory]
    [InlineData("👍")]
    [InlineData("❤️")]
    [InlineData("❤")]
    [InlineData("👍🏾")]
    [InlineData("👩🏽‍💻")]
    [InlineData("👨‍👩‍👧‍👦")]
    [InlineData("🇫🇷")]
    [InlineData("🏴󠁧󠁢󠁳󠁣󠁴󠁿")]
    [InlineData("1️⃣")]
    [InlineData("#️⃣")]
    [InlineData("☕")]
    [InlineData(":shipit:")]
    [InlineData(":+1:")]
    [InlineData(":thumbs_up-2:")]
    public void One_emoji_of_any_number_of_code_points_or_a_short_name_is_a_reaction(string emoji) =>
        ReactionEmoji.Problem(emoji).Should().BeNull();

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("x")]
    [InlineData("1")]
    [InlineData("?")]
    [InlineData(":")]
    [InlineData("👍👍")]
    [InlineData("👍 ")]
    [InlineData(" ")]
    [InlineData("\u00a0")]
    [InlineData("\u0007")]
    [InlineData("\ud83d")]
    [InlineData("\ue000")]
    [InlineData("::")]
    [InlineData(":Thumbsup:")]
    [InlineData(":two words:")]
    [InlineData(":much_too_long_a_name:")]
    [InlineData(":unclosed")]
    public void Letters_digits_spaces_control_characters_several_emojis_and_bad_names_are_refused(string? emoji) =>
        ReactionEmoji.Problem(emoji).Should().NotBeNull();

    [Fact]
    public void An_emoji_is_compared_as_its_composed_form()
    {
        var decomposed = "\u0065\u0301\u20e3";

        ReactionEmoji.Problem(decomposed).Should().BeNull("it carries a keycap mark");
        ReactionEmoji.Normalize(decomposed).Should().Be("\u00e9\u20e3");
    }
}
