using System.Buffers.Binary;
using System.IO.Compression;
using System.Text;
using Platform.Jobs.Generation;

namespace Platform.UnitTests.Jobs;

public sealed class PngEncoderTests
{
    [Fact]
    public void Crc32_matches_the_published_check_value()
    {
        var crc = PngEncoder.Crc32(Encoding.ASCII.GetBytes("123456789")) ^ 0xFFFFFFFF;

        crc.Should().Be(0xCBF43926);
    }

    [Fact]
    public void The_png_ends_with_the_well_known_IEND_chunk()
    {
        var png = PngEncoder.EncodeRgb(new byte[2 * 2 * 3], 2, 2);

        png[^12..].Should().Equal(0, 0, 0, 0, (byte)'I', (byte)'E', (byte)'N', (byte)'D', 0xAE, 0x42, 0x60, 0x82);
    }

    [Fact]
    public void The_image_data_inflates_back_to_the_pixels_with_a_none_filter_per_row()
    {
        var (width, height) = (5, 3);
        var rgb = Enumerable.Range(0, width * height * 3).Select(i => (byte)(i * 7)).ToArray();

        var png = PngEncoder.EncodeRgb(rgb, width, height);

        var idatLength = BinaryPrimitives.ReadInt32BigEndian(png.AsSpan(33));
        Encoding.ASCII.GetString(png, 37, 4).Should().Be("IDAT");
        using var inflated = new MemoryStream();
        using (var zlib = new ZLibStream(new MemoryStream(png, 41, idatLength), CompressionMode.Decompress))
            zlib.CopyTo(inflated);
        var rows = inflated.ToArray().Chunk(1 + width * 3).ToList();
        rows.Should().HaveCount(height).And.OnlyContain(row => row[0] == 0);
        rows.SelectMany(row => row.Skip(1)).Should().Equal(rgb);
    }

    [Fact]
    public void Pixels_of_the_wrong_length_are_refused()
    {
        var encode = () => PngEncoder.EncodeRgb(new byte[10], 2, 2);

        encode.Should().Throw<ArgumentException>();
    }
}
