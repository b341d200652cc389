using System.Buffers.Binary;
using System.IO.Compression;
using System.Text;
using System.Text.Json;
using Platform.Jobs.Generation;

namespace Platform.UnitTests.Jobs;

public sealed class GenerationJobTests
{
    private readonly GenerationJob _job = new();

    [Fact]
    public async Task Generation_renders_a_valid_png_of_the_requested_size()
    {
        var context = new RecordingContext();

        await Run(new { prompt = "a lighthouse at dusk", width = 40, height = 24, steps = 5, seed = 42 }, context);

        var png = context.Artifacts["image.png"];
        var chunks = ReadChunks(png);
        chunks.Select(c => c.Type).Should().Equal("IHDR", "IDAT", "IEND");
        chunks.Should().OnlyContain(c => c.CrcMatches);
        BinaryPrimitives.ReadInt32BigEndian(chunks[0].Data).Should().Be(40);
        BinaryPrimitives.ReadInt32BigEndian(chunks[0].Data.AsSpan(4)).Should().Be(24);
        using var inflated = new MemoryStream();
        using (var zlib = new ZLibStream(new MemoryStream(chunks[1].Data), CompressionMode.Decompress))
            zlib.CopyTo(inflated);
        inflated.Length.Should().Be(24 * (1 + 40 * 3));
    }

    [Fact]
    public async Task The_same_prompt_and_seed_render_the_same_image_and_another_prompt_a_different_one()
    {
        var first = new RecordingContext();
        var again = new RecordingContext();
        var other = new RecordingContext();

        await Run(new { prompt = "a fox", width = 32, height = 32, steps = 4, seed = 1 }, first);
        await Run(new { prompt = "a fox", width = 32, height = 32, steps = 4, seed = 1 }, again);
        await Run(new { prompt = "a whale", width = 32, height = 32, steps = 4, seed = 1 }, other);

        again.Artifacts["image.png"].Should().Equal(first.Artifacts["image.png"]);
        other.Artifacts["image.png"].Should().NotEqual(first.Artifacts["image.png"]);
    }

    [Fact]
    public async Task Progress_is_reported_once_per_step_and_ends_at_100()
    {
        var context = new RecordingContext();

        await Run(new { prompt = "steps", width = 16, height = 16, steps = 7 }, context);

        context.Progress.Select(p => p.Percent).Should().HaveCount(7).And.BeInAscendingOrder();
        context.Progress.Last().Percent.Should().Be(100);
        context.Progress.Select(p => p.Metrics!["step"]).Should().Equal(1, 2, 3, 4, 5, 6, 7);
    }

    [Fact]
    public async Task Cancelling_mid_run_stops_before_the_remaining_steps()
    {
        using var cancellation = new CancellationTokenSource();
        var context = new RecordingContext(cancellation.Token) { OnProgress = step => { if (step == 3) cancellation.Cancel(); } };

        var run = () => Run(new { prompt = "stop", width = 16, height = 16, steps = 50 }, context);

        await run.Should().ThrowAsync<OperationCanceledException>();
        context.Progress.Should().HaveCount(3);
        context.Artifacts.Should().BeEmpty();
    }

    [Theory]
    [InlineData("""{"prompt":"x","steps":-1}""", "input.steps")]
    [InlineData("""{"prompt":"x","width":5000}""", "input.width")]
    [InlineData("""{"width":64}""", "input.prompt")]
    [InlineData("""{"prompt":"   "}""", "input.prompt")]
    [InlineData("""{"prompt":"x","colour":"red"}""", "input.colour")]
    [InlineData("""{"prompt":"x","steps":"ten"}""", "input.steps")]
    [InlineData("""[1,2]""", "input")]
    public void Bad_input_is_rejected_with_the_field_named(string input, string field)
    {
        var check = _job.Check(JsonDocument.Parse(input).RootElement);

        check.IsValid.Should().BeFalse();
        check.Errors.Keys.Should().Contain(field);
    }

    [Fact]
    public void A_missing_seed_and_size_are_filled_in_so_a_rerun_renders_the_same()
    {
        var check = _job.Check(JsonDocument.Parse("""{"prompt":"x"}""").RootElement);

        check.IsValid.Should().BeTrue();
        var input = check.Input!.Value;
        input.GetProperty("seed").ValueKind.Should().Be(JsonValueKind.Number);
        input.GetProperty("width").GetInt32().Should().Be(256);
        input.GetProperty("steps").GetInt32().Should().Be(20);
    }

    private Task Run(object input, RecordingContext context) => context.RunAsync(_job, input);

    private static List<(string Type, byte[] Data, bool CrcMatches)> ReadChunks(byte[] png)
    {
        png.AsSpan(0, 8).ToArray().Should().Equal(0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A);
        var chunks = new List<(string, byte[], bool)>();
        for (var offset = 8; offset < png.Length;)
        {
            var length = BinaryPrimitives.ReadInt32BigEndian(png.AsSpan(offset));
            var typeAndData = png.AsSpan(offset + 4, 4 + length);
            var crc = BinaryPrimitives.ReadUInt32BigEndian(png.AsSpan(offset + 8 + length));
            chunks.Add((Encoding.ASCII.GetString(typeAndData[..4]), typeAndData[4..].ToArray(), (PngEncoder.Crc32(typeAndData) ^ 0xFFFFFFFF) == crc));
            offset += 12 + length;
        }
        return chunks;
    }
}
