using Platform.IntegrationTests.Infrastructure;
using Xunit.Abstractions;

namespace Platform.IntegrationTests.Browser;

/// <summary>A host whose generation jobs cost 100 credits a run, one attempt each, so a job holds exactly what a run is charged.</summary>
[Collection(BrowserCollection.Name)]
public sealed class UsagePageTests(ITestOutputHelper output) : IAsyncLifetime
{
    private PlatformApplication _application = null!;

    public async Task InitializeAsync() => _application = await PlatformApplication.StartAsync("usage-page", new Dictionary<string, string?>
    {
        ["Credits:Prices:generation:PerRun"] = "100",
        ["Jobs:Types:generation:MaxAttempts"] = "1",
    });

    public async Task DisposeAsync() => await _application.DisposeAsync();

    [Fact]
    public async Task An_admin_grants_credits_a_user_spends_them_from_the_job_form_until_refused_and_reads_where_they_went()
    {
        var screenshots = Path.Combine(BrowserScript.RepositoryRoot, "artifacts", "browser");

        var result = await BrowserScript.RunAsync("usage.mjs", TimeSpan.FromMinutes(4), _application.ClientOptions.BaseAddress.ToString(), screenshots);

        output.WriteLine(result.Output);
        result.ExitCode.Should().Be(0, result.Output);
    }
}
