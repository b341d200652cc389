using Platform.IntegrationTests.Infrastructure;
using Xunit.Abstractions;

namespace Platform.IntegrationTests.Browser;

[Collection(BrowserCollection.Name)]
public sealed class FilesPageTests(ITestOutputHelper output) : IAsyncLifetime
{
    private PlatformApplication _application = null!;

    // The scenario sends a 20 KB file to see it refused as too large.
    public async Task InitializeAsync() => _application = await PlatformApplication.StartAsync("files-page",
        new Dictionary<string, string?> { ["Files:MaxFileBytes"] = "16384" });

    public async Task DisposeAsync() => await _application.DisposeAsync();

    [Fact]
    public async Task A_person_uploads_a_dataset_in_the_job_form_trains_on_it_and_keeps_their_files_on_the_files_page()
    {
        var screenshots = Path.Combine(BrowserScript.RepositoryRoot, "artifacts", "browser");

        var result = await BrowserScript.RunAsync("files.mjs", TimeSpan.FromMinutes(3), _application.ClientOptions.BaseAddress.ToString(), screenshots);

        output.WriteLine(result.Output);
        result.ExitCode.Should().Be(0, result.Output);
    }
}
