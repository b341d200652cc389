using Platform.IntegrationTests.Infrastructure;

namespace Platform.IntegrationTests.Safety;

/// <summary>The bad-input walks' host: its admin is made first, and it knows one remote type whose jobs the walk claims as a worker.</summary>
public sealed class BadInputFixture() : PlatformFixture("bad-input", new Dictionary<string, string?>
{
    [$"Jobs:RemoteTypes:{RemoteType}:Description"] = "Echoes its input.",
    [$"Jobs:RemoteTypes:{RemoteType}:InputSchema"] = """{ "type": "object" }""",
})
{
    public const string RemoteType = "echo";

    public TestUser Admin { get; private set; } = null!;

    public override async Task InitializeAsync()
    {
        await base.InitializeAsync();
        Admin = await Application.CreateUserAsync();
    }
}
