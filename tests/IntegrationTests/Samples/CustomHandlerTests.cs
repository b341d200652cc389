using System.Text.Json;
using Npgsql;
using Platform.Client;
using Platform.Contracts.Accounts;
using Platform.Contracts.Jobs;
using Platform.Host.LocalServices;
using Platform.IntegrationTests.Browser;
using Platform.IntegrationTests.Infrastructure;
using Platform.TestCluster;

namespace Platform.IntegrationTests.Samples;

/// <summary>The CustomHandler sample, an application that embeds the platform and adds a job type, run as its own process.</summary>
public sealed class CustomHandlerTests : IAsyncLifetime
{
    private HostProcess? _host;

    public async Task InitializeAsync()
    {
        var servers = await TestServers.Instance();
        var database = await servers.CreateDatabaseAsync("custom-handler");
        // Built with the rest of the solution, in the configuration these tests were built in.
        var configuration = Path.GetFileName(Path.GetDirectoryName(AppContext.BaseDirectory.TrimEnd(Path.DirectorySeparatorChar)))!;
        var program = Path.Combine(BrowserScript.RepositoryRoot, "samples", "CustomHandler", "bin", configuration, "net10.0", "Platform.Samples.CustomHandler.dll");
        _host = await HostProcess.StartAsync(FreePort.Pick(), [program], new Dictionary<string, string>
        {
            ["ConnectionStrings:Postgres"] = database,
            ["ConnectionStrings:Redis"] = servers.RedisConnectionString,
            ["Redis:Prefix"] = new NpgsqlConnectionStringBuilder(database).Database!,
            ["Storage:Path"] = Path.Combine(Path.GetTempPath(), "platform-artifacts", Path.GetRandomFileName()),
        });
    }

    public async Task DisposeAsync()
    {
        if (_host is not null)
            await _host.DisposeAsync();
    }

    [Fact]
    public async Task Its_own_job_type_is_listed_with_its_schema_and_runs_beside_the_platforms_own()
    {
        var anonymous = new PlatformClient(_host!.Url);
        await anonymous.RegisterAsync(new RegisterRequest("custom@test.example", "correct horse battery staple"));
        var tokens = await anonymous.LoginAsync(new LoginRequest("custom@test.example", "correct horse battery staple", "tests"));
        var client = anonymous.WithCredentials(PlatformCredentials.Bearer(tokens.AccessToken));

        var types = await client.ListJobTypesAsync();
        var submitted = await client.SubmitAsync(new SubmitJobRequest("word-count",
            JsonSerializer.SerializeToElement(new { text = "the fox and the dog\nthe end", top = 1 })));
        var refused = () => client.SubmitAsync(new SubmitJobRequest("word-count", JsonSerializer.SerializeToElement(new { top = 1 })));
        var finished = await client.WaitForCompletionAsync(submitted.Id, TimeSpan.FromSeconds(60));

        types.Select(t => t.Name).Should().Contain(["word-count", JobTypes.Generation, JobTypes.Training]);
        types.Single(t => t.Name == "word-count").InputSchema.GetProperty("required").EnumerateArray().Select(r => r.GetString()).Should().Equal("text");
        (await refused.Should().ThrowAsync<PlatformApiException>()).Which.Errors.Should().ContainKey("input.text");
        finished.Status.Should().Be(JobStatus.Succeeded);
        finished.Output!.Value.GetProperty("words").GetInt32().Should().Be(7);
        finished.Output!.Value.GetProperty("top")[0].GetProperty("word").GetString().Should().Be("the");
        finished.Artifacts.Select(a => a.Name).Should().Equal("counts.json");
    }
}
