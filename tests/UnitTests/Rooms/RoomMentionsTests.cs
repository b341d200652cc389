using Platform.Jobs.Rooms;

namespace Platform.UnitTests.Rooms;

public sealed class RoomMentionsTests
{
    private static readonly Guid Grace = Guid.Parse("0193a6b2-c4d8-7e1f-9a0b-1c2d3e4f5a6b");
    private static readonly Guid Ada = Guid.Parse("0193a6b3-07aa-7c21-8d4e-5f6a7b8c9d0e");

    [Fact]
    public void Each_user_a_text_mentions_is_found_once_in_the_order_first_named()
    {
        var text = $"@[Grace]({Grace}) meet @[Ada Lovelace]({Ada.ToString().ToUpperInvariant()}); @[Grace H.]({Grace}) again";

        RoomMentions.In(text).Should().Equal(Grace, Ada);
    }

    [Theory]
    [InlineData("@Grace")]
    [InlineData("@[Grace](not-an-id)")]
    [InlineData("@[](0193a6b2-c4d8-7e1f-9a0b-1c2d3e4f5a6b)")]
    [InlineData("[Grace](0193a6b2-c4d8-7e1f-9a0b-1c2d3e4f5a6b)")]
    [InlineData("@[Gr\nace](0193a6b2-c4d8-7e1f-9a0b-1c2d3e4f5a6b)")]
    [InlineData("@[Grace] (0193a6b2-c4d8-7e1f-9a0b-1c2d3e4f5a6b)")]
    public void Text_that_only_looks_like_a_mention_mentions_nobody(string text) =>
        RoomMentions.In(text).Should().BeEmpty();
}
