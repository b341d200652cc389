using System.Text;
using Platform.Jobs.Training;

namespace Platform.UnitTests.Jobs;

public sealed class CsvSamplesTests
{
    private static Task<IReadOnlyList<TrainingSample>> ReadAsync(string csv, int maxSamples = 100, int maxFeatures = 4) =>
        CsvSamples.ReadAsync(new MemoryStream(Encoding.UTF8.GetBytes(csv)), maxSamples, maxFeatures, CancellationToken.None);

    [Fact]
    public async Task Each_line_is_its_features_then_its_target_and_a_header_and_blank_lines_are_skipped()
    {
        var samples = await ReadAsync("x1,x2,y\n1,2,3\n\n-0.5, 1e2 ,7\n");

        samples.Select(s => (string.Join(";", s.X), s.Y)).Should().Equal(("1;2", 3.0), ("-0.5;100", 7.0));
    }

    [Theory]
    [InlineData("1,2,3\n4,5\n", "Line 2 has 1 features where the first sample has 2.")]
    [InlineData("1,2\nfoo,3\n", "Line 2 must be two or more numbers")]
    [InlineData("1,2,3,4,5,6\n", "Line 1 has 5 features; a sample may have at most 4.")]
    [InlineData("x,y\n", "The dataset has no samples.")]
    [InlineData("1,2\n2,3\n3,4\n", "The dataset has more than 2 samples.")]
    public async Task A_file_that_is_not_a_dataset_says_which_line_is_wrong(string csv, string message)
    {
        var read = () => ReadAsync(csv, maxSamples: 2);

        (await read.Should().ThrowAsync<InvalidDataException>()).Which.Message.Should().StartWith(message);
    }
}
