using Platform.Samples.Poller;

var url = Environment.GetEnvironmentVariable("PLATFORM_URL") ?? "http://localhost:5080";
var apiKey = Environment.GetEnvironmentVariable("PLATFORM_API_KEY");
if (string.IsNullOrEmpty(apiKey))
{
    Console.Error.WriteLine("Set PLATFORM_API_KEY to an API key with the jobs:read and jobs:write scopes (see README.md).");
    return 2;
}
var type = args.Length > 0 ? args[0] : "generation";
var input = args.Length > 1 ? args[1] : """{"prompt":"a red fox","steps":10}""";

using var http = new HttpClient { BaseAddress = new Uri(url.TrimEnd('/') + "/") };
http.DefaultRequestHeaders.Add("X-API-Key", apiKey);
using var stop = new CancellationTokenSource();
Console.CancelKeyPress += (_, e) => { e.Cancel = true; stop.Cancel(); };
return await JobPoller.RunAsync(http, type, input, Console.Out, stop.Token);
