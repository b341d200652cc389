using Platform.Host;
using Platform.Jobs;

namespace Platform.Samples.CustomHandler;

/// <summary>The platform with one more job type, <c>word-count</c>, run in this host like the built-in ones.</summary>
public sealed class Program
{
    public static async Task Main(string[] args)
    {
        var builder = WebApplication.CreateBuilder(args);
        builder.AddPlatform();
        builder.Services.AddJobHandler<WordCountJob>();

        var app = builder.Build();
        app.MapPlatform();
        await app.RunAsync();
    }
}
