using Platform.Client;
using Platform.Samples.ChatBot;

var url = Environment.GetEnvironmentVariable("PLATFORM_URL") ?? "http://localhost:5080";
var apiKey = Environment.GetEnvironmentVariable("PLATFORM_API_KEY");
var room = Environment.GetEnvironmentVariable("CHATBOT_ROOM") ?? "bot";
// The people the bot serves: user ids, comma-separated; the bot adds them to its private room.
var members = (Environment.GetEnvironmentVariable("CHATBOT_MEMBERS") ?? "")
    .Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).Select(Guid.Parse).ToList();
if (string.IsNullOrEmpty(apiKey))
{
    Console.Error.WriteLine("Set PLATFORM_API_KEY to an API key with the jobs:read and jobs:write scopes (see README.md).");
    return 2;
}

using var stop = new CancellationTokenSource();
Console.CancelKeyPress += (_, e) => { e.Cancel = true; stop.Cancel(); };
var platform = new PlatformClient(new Uri(url), PlatformCredentials.ApiKey(apiKey));
await new ChatBot(platform, room, members, Console.Out).RunAsync(stop.Token);
return 0;
