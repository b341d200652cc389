using Platform.IntegrationTests.Infrastructure;
using Xunit.Abstractions;

namespace Platform.IntegrationTests.Browser;

[Collection(BrowserCollection.Name)]
public sealed class OrganizationsPageTests(ITestOutputHelper output) : IAsyncLifetime
{
    private PlatformApplication _application = null!;

    public async Task InitializeAsync() => _application = await PlatformApplication.StartAsync("organizations-page");

    public async Task DisposeAsync() => await _application.DisposeAsync();

    [Fact]
    public async Task A_viewer_invited_to_an_organization_watches_its_job_live_without_cancel_and_is_told_when_removed()
    {
        var screenshots = Path.Combine(BrowserScript.RepositoryRoot, "artifacts", "browser");

        var result = await BrowserScript.RunAsync("organizations.mjs", TimeSpan.FromMinutes(2), _application.ClientOptions.BaseAddress.ToString(), screenshots);

        output.WriteLine(result.Output);
        result.ExitCode.Should().Be(0, result.Output);
    }
}
