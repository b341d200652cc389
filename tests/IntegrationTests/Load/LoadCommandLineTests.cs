using Platform.Load;

namespace Platform.IntegrationTests.Load;

public sealed class LoadCommandLineTests
{
    [Theory]
    [InlineData("help")]
    [InlineData("drian")]
    [InlineData("drain --jobz 5")]
    [InlineData("drain --jobs")]
    [InlineData("files --sizes 64Q")]
    public void A_wrong_scenario_or_option_is_explained_with_the_usage_and_runs_nothing(string commandLine)
    {
        var errors = new StringWriter();

        var options = LoadTool.ParseOrExplain(commandLine.Split(' '), errors);

        options.Should().BeNull("the tool exits with 2 before starting PostgreSQL, Redis or any host");
        errors.ToString().Should().Contain("usage: <enqueue|drain|").And.Contain("noisy-neighbour");
    }

    [Fact]
    public void A_known_scenario_with_its_options_is_read()
    {
        var options = LoadTool.ParseOrExplain(["drain", "--jobs", "50", "--set", "Jobs:Workers=4"], TextWriter.Null);

        options.Should().NotBeNull();
        options!.Scenario.Should().Be("drain");
        options.Jobs.Should().Be(50);
        options.HostSettings.Should().Contain("Jobs:Workers", "4");
    }

    [Fact]
    public void File_sizes_are_read_in_bytes_kibibytes_mebibytes_or_gibibytes()
    {
        var options = LoadTool.ParseOrExplain(["files", "--sizes", "1000,64K,4M,1G"], TextWriter.Null);

        options!.Sizes.Should().Equal(1000L, 64L << 10, 4L << 20, 1L << 30);
    }
}
