using System.Diagnostics;
using Platform.IntegrationTests.Infrastructure;
using Platform.Samples.Poller;

namespace Platform.IntegrationTests.Samples;

/// <summary>The Poller sample, in C# and as a curl script, against a real host.</summary>
public sealed class PollerTests(PlatformFixture platform) : IClassFixture<PlatformFixture>
{
    [Fact]
    public async Task The_CSharp_poller_follows_a_job_to_its_image()
    {
        using var http = platform.Application.HttpWithKey(await platform.Application.CreateApiKeyAsync());
        var output = new StringWriter();

        var exitCode = await JobPoller.RunAsync(http, "generation", """{"prompt":"a red fox","steps":6}""", output, CancellationToken.None);

        exitCode.Should().Be(0, output.ToString());
        var lines = output.ToString().Split('\n', StringSplitOptions.RemoveEmptyEntries);
        lines.Should().Contain(line => line.StartsWith("running "));
        lines.Should().Contain(line => line.StartsWith("succeeded 100%"));
        lines.Should().Contain(line => line.StartsWith("Artifact: ") && line.Contains("/artifacts/"));
    }

    [Fact]
    public async Task The_CSharp_poller_reports_a_refused_submit()
    {
        using var http = platform.Application.HttpWithKey(await platform.Application.CreateApiKeyAsync());
        var output = new StringWriter();

        var exitCode = await JobPoller.RunAsync(http, "generation", """{"steps":6}""", output, CancellationToken.None);

        exitCode.Should().Be(2);
        output.ToString().Should().Contain("400").And.Contain("input.prompt");
    }

    [Fact]
    public async Task The_curl_script_follows_a_job_until_it_succeeds()
    {
        var start = new ProcessStartInfo("bash", [Path.Combine(RepositoryRoot(), "samples", "Poller", "poll.sh"),
            """{"type":"training","input":{"epochs":20}}"""])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            Environment =
            {
                ["PLATFORM_URL"] = platform.Application.ClientOptions.BaseAddress.ToString().TrimEnd('/'),
                ["PLATFORM_API_KEY"] = await platform.Application.CreateApiKeyAsync(),
            },
        };
        using var script = Process.Start(start)!;
        var output = script.StandardOutput.ReadToEndAsync();
        var errors = script.StandardError.ReadToEndAsync();
        await script.WaitForExitAsync().WaitAsync(TimeSpan.FromSeconds(60));

        script.ExitCode.Should().Be(0, await errors + await output);
        var lines = (await output).Split('\n', StringSplitOptions.RemoveEmptyEntries);
        lines[0].Should().MatchRegex("^Submitted job [0-9a-f-]{36}$");
        lines[^1].Should().Be("succeeded 100%");
    }

    private static string RepositoryRoot()
    {
        var folder = new DirectoryInfo(AppContext.BaseDirectory);
        while (folder is not null && !File.Exists(Path.Combine(folder.FullName, "Platform.sln")))
            folder = folder.Parent;
        return folder?.FullName ?? throw new InvalidOperationException("Platform.sln not found above the test's folder.");
    }
}
