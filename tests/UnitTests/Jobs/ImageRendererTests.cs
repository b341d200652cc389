using Platform.Jobs.Generation;

namespace Platform.UnitTests.Jobs;

public sealed class ImageRendererTests
{
    [Fact]
    public void Every_step_changes_the_image()
    {
        var renderer = new ImageRenderer("a harbour", seed: 3, width: 48, height: 32);

        var changes = Enumerable.Range(1, 10).Select(renderer.Refine).ToList();

        changes.Should().OnlyContain(change => change > 0);
    }

    [Fact]
    public void The_same_prompt_seed_and_size_give_the_same_pixels_and_another_seed_different_ones()
    {
        var first = Render("a harbour", seed: 3);
        var again = Render("a harbour", seed: 3);
        var otherSeed = Render("a harbour", seed: 4);

        again.Should().Equal(first);
        otherSeed.Should().NotEqual(first);
    }

    [Fact]
    public void The_image_uses_a_wide_range_of_brightness()
    {
        var rgb = Render("a harbour", seed: 3);

        var brightness = rgb.Chunk(3).Select(pixel => pixel.Sum(channel => channel) / 3).ToList();
        (brightness.Max() - brightness.Min()).Should().BeGreaterThan(100, "the palette is stretched over the field's range");
    }

    private static byte[] Render(string prompt, int seed)
    {
        var renderer = new ImageRenderer(prompt, seed, width: 48, height: 32);
        for (var step = 1; step <= 6; step++)
            renderer.Refine(step);
        return renderer.Rgb.ToArray();
    }
}
