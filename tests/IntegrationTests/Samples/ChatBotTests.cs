using Platform.Client;
using Platform.Contracts.Rooms;
using Platform.IntegrationTests.Infrastructure;
using Platform.Jobs.Generation;
using Platform.IntegrationTests.RealTime;
using Platform.Samples.ChatBot;

namespace Platform.IntegrationTests.Samples;

/// <summary>The ChatBot sample in its private room with a person: commands in, progress and results out, as in a chat app.</summary>
public sealed class ChatBotTests(PlatformFixture platform) : IClassFixture<PlatformFixture>, IAsyncLifetime
{
    private readonly string _roomName = $"bot {Guid.NewGuid():N}";
    private readonly CancellationTokenSource _stop = new();
    private Task _bot = Task.CompletedTask;
    private PlatformClient _botClient = null!;
    private RecordingLiveConnection _person = null!;
    private Guid _roomId;
    private Guid _botId;

    public async Task InitializeAsync()
    {
        var app = platform.Application;
        var person = await app.CreateUserAsync();
        _person = await RecordingLiveConnection.StartAsync(person.Client);
        _botClient = app.ClientWithKey(await app.CreateApiKeyAsync());
        _bot = StartBot(person.Id);
        // The bot adds the person to the room it creates, then says hello there.
        var room = await Eventually.ReadAsync(() => person.Client.ListMyRoomsAsync(), rooms => rooms.Any(r => r.Name == _roomName),
            "the bot's room to include the person");
        _roomId = room.Single(r => r.Name == _roomName).Id;
        await _person.Live.WatchRoomAsync(_roomId);
        var ready = _person.ChatMessages.WaitForAsync(m => m.RoomId == _roomId && m.Text == ChatBot.ReadyMessage);
        await await Task.WhenAny(ready, _bot);
        ready.IsCompletedSuccessfully.Should().BeTrue("the bot should greet the room, not stop");
        _botId = ready.Result.AuthorId!.Value;
    }

    private Task StartBot(Guid member) => new ChatBot(_botClient, _roomName, [member], TextWriter.Null).RunAsync(_stop.Token);

    public async Task DisposeAsync()
    {
        await _stop.CancelAsync();
        await _bot;
        await _person.DisposeAsync();
    }

    [Theory]
    [InlineData(0)]
    [InlineData(20)]
    [InlineData(200)]
    public async Task A_bot_stopped_while_it_joins_its_room_and_connects_stops_quietly(int afterMs)
    {
        using var stop = new CancellationTokenSource();
        var bot = new ChatBot(_botClient, $"stopped {Guid.NewGuid():N}", [], TextWriter.Null).RunAsync(stop.Token);

        await Task.Delay(afterMs);
        await stop.CancelAsync();

        await bot.Invoking(run => run).Should().NotThrowAsync();
    }

    [Fact]
    public async Task A_generate_command_is_queued_followed_and_answered_with_a_link_that_downloads_the_image_without_credentials()
    {
        // Long enough for live progress, which reaches watchers at most Jobs:LiveProgressPerSecond times a second.
        await SayAsync($"/generate a red fox --steps {GenerationJob.MaxSteps}");

        var queued = await FromBotAsync(text => text.Contains("queued your image of 'a red fox'"));
        var done = await FromBotAsync(text => text.Contains("is done:"));

        var jobId = Guid.Parse(queued.Text.Split("as job ")[1].TrimEnd('.'));
        var link = done.Text.Split("is done: ")[1];
        link.Should().StartWith(platform.Application.ClientOptions.BaseAddress + "api/v1/links/");
        using var anyone = new HttpClient();
        (await anyone.GetByteArrayAsync(link)).Should().Equal(await _botClient.DownloadArtifactAsync(jobId, "image.png"));
        _person.ChatMessages.Items.Should().Contain(m => m.Text.Contains("image of 'a red fox' for") && m.Text.EndsWith('%'), "progress is posted on the way");
    }

    [Fact]
    public async Task A_train_command_reports_the_loss_on_the_way_and_the_final_loss()
    {
        await SayAsync("/train --epochs 4000");

        await FromBotAsync(text => text.Contains("queued your training run"));
        var done = await FromBotAsync(text => text.StartsWith("training run") && text.Contains("is done:"));

        done.Text.Should().MatchRegex("final loss [0-9.]+ after 4000 epochs");
        _person.ChatMessages.Items.Should().Contain(m => m.Text.Contains("%, loss "));
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

    [Fact]
    public async Task A_command_posted_while_the_bot_was_away_is_answered_when_it_comes_back_in_the_same_room()
    {
        await _stop.CancelAsync();
        await _bot;
        var rooms = (await _botClient.ListMyRoomsAsync()).Count;

        await SayAsync("/help");
        using var again = new CancellationTokenSource();
        var back = new ChatBot(_botClient, _roomName, [], TextWriter.Null).RunAsync(again.Token);

        (await FromBotAsync(text => text == BotCommand.Help)).RoomId.Should().Be(_roomId);
        (await _botClient.ListMyRoomsAsync()).Should().HaveCount(rooms, "the bot found its room again rather than making another");
        await again.CancelAsync();
        await back;
    }

    private Task SayAsync(string text) => _person.Live.PostToRoomAsync(_roomId, text);

    private Task<ChatMessage> FromBotAsync(Func<string, bool> match) =>
        _person.ChatMessages.WaitForAsync(m => m.RoomId == _roomId && m.AuthorId == _botId && match(m.Text), TimeSpan.FromSeconds(60));
}
