using Platform.Contracts.Accounts;
using Platform.IntegrationTests.Infrastructure;
using Xunit.Abstractions;

namespace Platform.IntegrationTests.Clients;

/// <summary>A host for the Python client's tests: a short lease, so a worker's renewals are tested in seconds; its admin is made first.</summary>
public sealed class PythonClientFixture() : PlatformFixture("python-client", new Dictionary<string, string?>
{
    ["Jobs:Lease"] = "00:00:03",
    ["Jobs:RetryDelay"] = "00:00:00.100",
})
{
    public string AdminKey { get; private set; } = "";

    public override async Task InitializeAsync()
    {
        await base.InitializeAsync();
        var admin = await Application.CreateUserAsync();
        AdminKey = (await admin.WithApiKeyAsync(Scopes.Admin, Scopes.JobsRead, Scopes.JobsWrite)).Key.Secret;
    }
}

/// <summary>
/// The Python client (clients/python) against a real host: each of its unittest modules is one case here, and the
/// module's own report (each test's name and result) is this case's output, in full in the message when it fails.
/// </summary>
public sealed class PythonClientTests(PythonClientFixture fixture, ITestOutputHelper output) : IClassFixture<PythonClientFixture>
{
    /// <summary>Every module but the one that needs two host processes (<see cref="PythonReconnectTests"/>).</summary>
    public static TheoryData<string> Modules => PythonUnitTests.Modules(except: PythonReconnectTests.Module);

    [Theory]
    [MemberData(nameof(Modules))]
    public async Task The_python_client_passes_the_tests_of(string module)
    {
        var run = await PythonUnitTests.RunAsync(module, new Dictionary<string, string>
        {
            ["PLATFORM_URL"] = fixture.Application.ClientOptions.BaseAddress.ToString(),
            ["PLATFORM_ADMIN_KEY"] = fixture.AdminKey,
        }, TimeSpan.FromMinutes(2));

        output.WriteLine(run.Output);
        run.ExitCode.Should().Be(0, $"python3 -m unittest {module} answered:\n{run.Failures}");
    }
}
