using System.Text;
using Platform.Storage.Files;

namespace Platform.UnitTests.Files;

public sealed class ContentSnifferTests
{
    private static readonly byte[] Png = [0x89, (byte)'P', (byte)'N', (byte)'G', 0x0D, 0x0A, 0x1A, 0x0A, 0, 0, 0, 13];
    private static readonly byte[] Pdf = "%PDF-1.7\n"u8.ToArray();
    private static readonly byte[] Zip = [(byte)'P', (byte)'K', 3, 4, 20, 0];
    private static readonly byte[] Binary = [0, 1, 2, 3, 0xFE, 0xFF];

    public static TheoryData<byte[], string?, string, string> Taken => new()
    {
        { Png, null, "a.bin", "image/png" },
        { Png, "application/octet-stream", "a.bin", "image/png" },
        { Png, "image/png", "a.png", "image/png" },
        { Pdf, "application/pdf; charset=binary", "a.pdf", "application/pdf" },
        { Zip, "application/vnd.openxmlformats-officedocument.wordprocessingml.document", "a.docx", "application/vnd.openxmlformats-officedocument.wordprocessingml.document" },
        { Zip, null, "a.zip", "application/zip" },
        { Encoding.UTF8.GetBytes("x,y\n1,2\n"), null, "points.csv", "text/csv" },
        { Encoding.UTF8.GetBytes("x,y\n1,2\n"), "application/octet-stream", "points.csv", "text/csv" },
        { Encoding.UTF8.GetBytes("{\"a\": 1}"), "application/json", "a.json", "application/json" },
        { Encoding.UTF8.GetBytes("plain words, ünïcödé"), null, "notes", "text/plain" },
        { Encoding.UTF8.GetBytes("x,y\n1,2\n"), "TEXT/CSV", "points", "text/csv" },
        { Binary, null, "weights", "application/octet-stream" },
        { Binary, "application/x-hdf5", "weights.h5", "application/x-hdf5" },
        { [], "text/plain", "empty.txt", "text/plain" },
    };

    [Theory]
    [MemberData(nameof(Taken))]
    public void The_type_stored_is_what_the_bytes_show(byte[] head, string? declared, string name, string expected) =>
        ContentSniffer.Decide(head, declared, name).Should().Be((expected, (string?)null));

    public static TheoryData<byte[], string, string> Refused => new()
    {
        { Encoding.UTF8.GetBytes("not a picture"), "image/png", "image/png" },
        { Png, "image/jpeg", "image/png" },
        { Png, "text/csv", "image/png" },
        { Binary, "text/csv", "not UTF-8 text" },
        { Encoding.UTF8.GetBytes("a\u0001b"), "text/plain", "not UTF-8 text" },
        { Binary, "application/pdf", "not application/pdf" },
    };

    [Theory]
    [MemberData(nameof(Refused))]
    public void A_declared_type_the_bytes_contradict_is_refused_saying_what_they_are(byte[] head, string declared, string said)
    {
        var (type, problem) = ContentSniffer.Decide(head, declared, "f");

        type.Should().BeNull();
        problem.Should().Contain(said);
    }

    [Fact]
    public void A_multibyte_character_cut_at_the_end_of_the_head_is_still_text()
    {
        var head = Encoding.UTF8.GetBytes("caf" + "é")[..^1];

        ContentSniffer.Decide(head, "text/plain", "f").ContentType.Should().Be("text/plain");
    }

    [Theory]
    [InlineData("text/csv", "text/csv", true)]
    [InlineData("text/csv", "text/*", true)]
    [InlineData("image/png", "*/*", true)]
    [InlineData("image/png", "text/*", false)]
    [InlineData("text/plain", "text/csv", false)]
    public void An_accept_list_matches_exact_types_families_and_anything(string type, string accepted, bool suits) =>
        ContentSniffer.Suits(type, [accepted]).Should().Be(suits);
}
