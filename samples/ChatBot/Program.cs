using Platform.Client;
using Platform.Samples.ChatBot;

var url = Environment.GetEnvironmentVariable("PLATFORM_URL") ?? "http://localhost:5080";
var apiKey = Environment.GetEnvironmentVariable("PLATFORM_API_KEY");
var room = Environment.GetEnvironmentVariable("CHATBOT_ROOM") ?? "general";
if (string.IsNullOrEmpty(apiKey))
{
    Console.Error.WriteLine("Set PLATFORM_API_KEY to an API key with the jobs:read and jobs:write scopes (see README.md).");
    return 2;
}

using var stop = new CancellationTokenSource();
Console.CancelKeyPress += (_, e) => { e.Cancel = true; stop.Cancel(); };
var platform = new PlatformClient(new Uri(url), PlatformCredentials.ApiKey(apiKey));
await new ChatBot(platform, room, Console.Out).RunAsync(stop.Token);
return 0;
