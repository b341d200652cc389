using Platform.Contracts.Hubs;
using Platform.IntegrationTests.Infrastructure;
using Platform.Jobs.Generation;
using Platform.IntegrationTests.RealTime;
using Platform.Samples.ChatBot;

namespace Platform.IntegrationTests.Samples;

/// <summary>The ChatBot sample in a room with a person: commands in, progress and results out, as in a chat app.</summary>
public sealed class ChatBotTests(PlatformFixture platform) : IClassFixture<PlatformFixture>, IAsyncLifetime
{
    private readonly string _room = $"bots-{Guid.NewGuid():N}"[..20];
    private readonly CancellationTokenSource _stop = new();
    private Task _bot = Task.CompletedTask;
    private RecordingLiveConnection _person = null!;

    public async Task InitializeAsync()
    {
        var app = platform.Application;
        _person = await RecordingLiveConnection.StartAsync((await app.CreateUserAsync()).Client);
        await _person.Live.JoinRoomAsync(_room);
        var botClient = app.ClientWithKey(await app.CreateApiKeyAsync());
        _bot = new ChatBot(botClient, _room, TextWriter.Null).RunAsync(_stop.Token);
        // The bot says hello once it has joined; from then on it hears the room.
        var ready = _person.Messages.WaitForAsync(m => m.Text == ChatBot.ReadyMessage);
        await await Task.WhenAny(ready, _bot);
        ready.IsCompletedSuccessfully.Should().BeTrue("the bot should greet the room, not stop");
    }

    public async Task DisposeAsync()
    {
        await _stop.CancelAsync();
        await _bot;
        await _person.DisposeAsync();
    }

    [Fact]
    public async Task A_generate_command_is_queued_followed_and_answered_with_the_image_link()
    {
        // Long enough for live progress, which reaches watchers at most Jobs:LiveProgressPerSecond times a second.
        await SayAsync($"/generate a red fox --steps {GenerationJob.MaxSteps}");

        var queued = await FromBotAsync(text => text.Contains("queued your image of 'a red fox'"));
        var done = await FromBotAsync(text => text.Contains("is done:"));

        var jobId = queued.Text.Split("as job ")[1].TrimEnd('.');
        done.Text.Should().Contain($"/api/v1/jobs/{jobId}/artifacts/");
        _person.Messages.Items.Should().Contain(m => m.Text.Contains("image of 'a red fox' for") && m.Text.EndsWith('%'), "progress is posted on the way");
    }

    [Fact]
    public async Task A_train_command_reports_the_loss_on_the_way_and_the_final_loss()
    {
        await SayAsync("/train --epochs 4000");

        await FromBotAsync(text => text.Contains("queued your training run"));
        var done = await FromBotAsync(text => text.StartsWith("training run") && text.Contains("is done:"));

        done.Text.Should().MatchRegex("final loss [0-9.]+ after 4000 epochs");
        _person.Messages.Items.Should().Contain(m => m.Text.Contains("%, loss "));
    }

    [Fact]
    public async Task A_bad_command_gets_an_answer_that_says_what_is_wrong_and_nothing_is_submitted()
    {
        await SayAsync("/generate --steps 8");
        (await FromBotAsync(text => text.StartsWith("What should I draw?"))).Should().NotBeNull();

        await SayAsync("/generate a red fox --steps 100000");
        (await FromBotAsync(text => text.Contains("the platform said no"))).Text.Should().Contain("input.steps");
    }

    [Fact]
    public async Task A_job_can_be_cancelled_from_the_room()
    {
        await SayAsync("/train --epochs 100000");
        var queued = await FromBotAsync(text => text.Contains("queued your training run"));
        var jobId = queued.Text.Split("as job ")[1].TrimEnd('.');

        await SayAsync($"/cancel {jobId}");

        await FromBotAsync(text => text == "training run for " + queued.Text.Split(':')[0] + " was cancelled.");
    }

    private Task SayAsync(string text) => _person.Live.SendToRoomAsync(_room, text);

    private Task<RoomMessage> FromBotAsync(Func<string, bool> match) =>
        _person.Messages.WaitForAsync(m => m.Room == _room && match(m.Text), TimeSpan.FromSeconds(60));
}
