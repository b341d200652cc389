using Platform.IntegrationTests.Infrastructure;
using Xunit.Abstractions;

namespace Platform.IntegrationTests.Browser;

[Collection(BrowserCollection.Name)]
public sealed class ProjectsPageTests(ITestOutputHelper output) : IAsyncLifetime
{
    private PlatformApplication _application = null!;

    public async Task InitializeAsync() => _application = await PlatformApplication.StartAsync("projects-page");

    public async Task DisposeAsync() => await _application.DisposeAsync();

    [Fact]
    public async Task A_person_groups_a_file_and_jobs_in_a_project_follows_its_jobs_live_and_duplicates_archives_and_deletes_projects()
    {
        var screenshots = Path.Combine(BrowserScript.RepositoryRoot, "artifacts", "browser");

        var result = await BrowserScript.RunAsync("projects.mjs", TimeSpan.FromMinutes(3), _application.ClientOptions.BaseAddress.ToString(), screenshots);

        output.WriteLine(result.Output);
        result.ExitCode.Should().Be(0, result.Output);
    }
}
