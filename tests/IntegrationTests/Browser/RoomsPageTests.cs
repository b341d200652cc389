using Platform.IntegrationTests.Infrastructure;
using Xunit.Abstractions;

namespace Platform.IntegrationTests.Browser;

[Collection(BrowserCollection.Name)]
public sealed class RoomsPageTests(ITestOutputHelper output) : IAsyncLifetime
{
    private PlatformApplication _application = null!;

    // The scenario seeds a long history from one member as fast as it can.
    public async Task InitializeAsync() => _application = await PlatformApplication.StartAsync("rooms-page",
        new Dictionary<string, string?> { ["Rooms:MessagesPerSecond"] = "1000" });

    public async Task DisposeAsync() => await _application.DisposeAsync();

    [Fact]
    public async Task Two_people_meet_in_a_stored_room_scroll_its_history_and_see_each_other_write_live()
    {
        var screenshots = Path.Combine(BrowserScript.RepositoryRoot, "artifacts", "browser");

        var result = await BrowserScript.RunAsync("rooms.mjs", TimeSpan.FromMinutes(4), _application.ClientOptions.BaseAddress.ToString(), screenshots);

        output.WriteLine(result.Output);
        result.ExitCode.Should().Be(0, result.Output);
    }
}
