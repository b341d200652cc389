using System.Text.Json;
using Platform.Client;
using Platform.Contracts.Jobs;
using Platform.Contracts.Rooms;
using Platform.IntegrationTests.Browser;
using Platform.IntegrationTests.Infrastructure;
using Platform.IntegrationTests.RealTime;
using Platform.Jobs.Generation;
using Xunit.Abstractions;

namespace Platform.IntegrationTests.Clients;

/// <summary>The Node samples on the TypeScript client, each run as node runs it, against the TypeScript tests' host.</summary>
[Collection(TypeScriptPlatform.Collection)]
public sealed class TypeScriptSampleTests(TypeScriptPlatform platform, ITestOutputHelper output)
{
    private static readonly string Samples = Path.Combine(BrowserScript.RepositoryRoot, "samples");

    private PlatformApplication App => platform.Application;

    [Fact]
    public async Task The_node_chat_bot_answers_generate_in_its_room_with_progress_and_a_link_that_downloads_the_image()
    {
        var person = await App.CreateUserAsync();
        var botKey = await App.CreateApiKeyAsync();
        var roomName = $"node bot {Guid.NewGuid():N}";
        await using var bot = TypeScriptNode.Start(Path.Combine(Samples, "NodeChatBot"), new Dictionary<string, string>
        {
            ["PLATFORM_URL"] = App.ClientOptions.BaseAddress.ToString(),
            ["PLATFORM_API_KEY"] = botKey,
            ["CHATBOT_ROOM"] = roomName,
            ["CHATBOT_MEMBERS"] = person.Id.ToString(),
        }, "bot.mjs");
        try
        {
            await using var watching = await RecordingLiveConnection.StartAsync(person.Client);
            var rooms = await Eventually.ReadAsync(() => person.Client.ListMyRoomsAsync(), rooms => rooms.Any(r => r.Name == roomName) || bot.HasExited,
                "the bot's room to include the person");
            var roomId = rooms.Single(r => r.Name == roomName).Id;
            await watching.Live.WatchRoomAsync(roomId);
            var greeting = await watching.ChatMessages.WaitForAsync(m => m.RoomId == roomId && m.Text.StartsWith("Bot here."), TimeSpan.FromSeconds(30));
            await Eventually.HoldsAsync(() => Task.FromResult(bot.Output.Contains($"In room '{roomName}'")), "the bot watching its room");

            // Long enough for live progress, which reaches watchers at most Jobs:LiveProgressPerSecond times a second.
            await watching.Live.PostToRoomAsync(roomId, $"/generate a red fox --steps {GenerationJob.MaxSteps} --width 64 --height 64");

            Task<ChatMessage> FromBot(Func<string, bool> match) =>
                watching.ChatMessages.WaitForAsync(m => m.RoomId == roomId && m.AuthorId == greeting.AuthorId && match(m.Text), TimeSpan.FromSeconds(60));
            var queued = await FromBot(text => text.Contains("queued your image of \"a red fox\""));
            var done = await FromBot(text => text.Contains("is done:"));
            var jobId = Guid.Parse(queued.Text.Split("as job ")[1].TrimEnd('.'));
            var link = done.Text.Split("is done: ")[1];
            link.Should().StartWith(App.ClientOptions.BaseAddress + "api/v1/links/");
            using var anyone = new HttpClient();
            (await anyone.GetByteArrayAsync(link)).Should().Equal(await App.ClientWithKey(botKey).DownloadArtifactAsync(jobId, "image.png"));
            watching.ChatMessages.Items.Should().Contain(m => m.Text.Contains("image of \"a red fox\" for") && m.Text.EndsWith('%'), "progress is posted on the way");
        }
        finally
        {
            output.WriteLine(bot.Output);
        }
    }

    [Fact]
    public async Task The_node_worker_runs_a_declared_job_end_to_end_and_hands_back_the_one_it_holds_on_sigterm()
    {
        var client = App.ClientWithKey(platform.AdminKey);
        var environment = new Dictionary<string, string>
        {
            ["PLATFORM_URL"] = App.ClientOptions.BaseAddress.ToString(),
            ["PLATFORM_API_KEY"] = platform.AdminKey,
            ["WORKER_TYPES"] = TypeScriptPlatform.WordCountType,
            ["WORKER_NAME"] = "node-sample",
        };
        await using var worker = TypeScriptNode.Start(Path.Combine(Samples, "NodeWorker"), environment, "worker.mjs");
        try
        {
            var counted = await client.SubmitAsync(new SubmitJobRequest(TypeScriptPlatform.WordCountType,
                JsonSerializer.SerializeToElement(new { text = "the cat and the hat\nthe end" })));
            var ended = await client.WaitForCompletionAsync(counted.Id, TimeSpan.FromSeconds(30));

            ended.Status.Should().Be(JobStatus.Succeeded);
            ended.Output!.Value.GetProperty("words").GetInt32().Should().Be(7);
            ended.Output!.Value.GetProperty("top")[0].GetString().Should().Be("the");
            System.Text.Encoding.UTF8.GetString(await client.DownloadArtifactAsync(counted.Id, "counts.csv")).Should().StartWith("word,count\nthe,3\n");

            var long_ = string.Join('\n', Enumerable.Repeat("all work and no play", 1000));
            var held = await client.SubmitAsync(new SubmitJobRequest(TypeScriptPlatform.WordCountType, JsonSerializer.SerializeToElement(new { text = long_, delayMs = 1000 })));
            await Eventually.HoldsAsync(async () => (await client.GetJobAsync(held.Id)).Progress > 0, "the second job under way");
            worker.Terminate();

            (await worker.WaitForExitAsync(TimeSpan.FromSeconds(20))).Should().Be(0);
            worker.Output.Should().Contain($"{held.Id}: handed back (shutdown)");
            (await client.GetJobAsync(held.Id)).Status.Should().Be(JobStatus.Queued, "a job handed back waits for another worker");
            await client.CancelAsync(held.Id);
        }
        finally
        {
            output.WriteLine(worker.Output);
        }
    }
}
