using System.Collections.Concurrent;
using Platform.Contracts.Accounts;
using Platform.IntegrationTests.Infrastructure;
using Xunit.Abstractions;

namespace Platform.IntegrationTests.Clients;

/// <summary>
/// A host for the Python client's tests, with a short lease so a worker's renewals are tested in seconds; its admin is
/// made first. Each test module runs once, when the first of its tests asks.
/// </summary>
public sealed class PythonClientFixture() : PlatformFixture("python-client", new Dictionary<string, string?>
{
    ["Jobs:Lease"] = "00:00:03",
    ["Jobs:RetryDelay"] = "00:00:00.100",
})
{
    private readonly ConcurrentDictionary<string, Lazy<Task<PythonUnitTests.Result>>> _runs = new();
    private readonly ConcurrentDictionary<string, bool> _reported = new();

    public string AdminKey { get; private set; } = "";

    public override async Task InitializeAsync()
    {
        await base.InitializeAsync();
        var admin = await Application.CreateUserAsync();
        AdminKey = (await admin.WithApiKeyAsync(Scopes.Admin, Scopes.JobsRead, Scopes.JobsWrite)).Key.Secret;
    }

    /// <summary>True for the first test of a module to ask, which shows the module's whole report.</summary>
    public bool FirstToReport(string module) => _reported.TryAdd(module, true);

    public Task<PythonUnitTests.Result> RunAsync(string module) => _runs.GetOrAdd(module, _ => new(() => PythonUnitTests.RunAsync(module,
        new Dictionary<string, string>
        {
            ["PLATFORM_URL"] = Application.ClientOptions.BaseAddress.ToString(),
            ["PLATFORM_ADMIN_KEY"] = AdminKey,
        }, TimeSpan.FromMinutes(2)))).Value;
}

/// <summary>
/// The Python client (clients/python) against a real host: every unittest test is a case here, judged by its line in
/// its module's verbose report, with its traceback as the message when it fails; the first case of a module shows the
/// module's whole report.
/// </summary>
public sealed class PythonClientTests(PythonClientFixture fixture, ITestOutputHelper output) : IClassFixture<PythonClientFixture>
{
    /// <summary>Every test but those of the module that needs two host processes (<see cref="PythonReconnectTests"/>).</summary>
    public static TheoryData<string> Tests => PythonUnitTests.Tests(exceptModules: PythonReconnectTests.Module);

    [Theory]
    [MemberData(nameof(Tests))]
    public async Task The_python_client_passes(string test)
    {
        var module = test.Split('.')[0];
        var run = await fixture.RunAsync(module);

        output.WriteLine(fixture.FirstToReport(module) ? run.Output : $"{test}: {run.OutcomeOf(test) ?? "no outcome"} (the whole report is with the first of {module}'s tests)");
        run.OutcomeOf(test).Should().Be("ok", $"python3 -m unittest says of {test}:\n{run.FailureOf(test)}");
    }
}
