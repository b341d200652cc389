using Platform.Host.Defaults;
using Platform.Host.Jobs;
using Platform.Host.LocalServices;
using Platform.Hubs;
using Platform.Jobs;
using Platform.Storage;

var builder = WebApplication.CreateBuilder(args);
try
{
    await builder.AddLocalServicesWhenUnconfiguredAsync();
}
catch (LocalServiceException unavailable)
{
    Console.Error.WriteLine(unavailable.Message);
    return 1;
}

builder.AddServiceDefaults();
builder.AddRateLimits();
builder.AddStorage();
builder.AddJobs();
builder.AddHubs();

var app = builder.Build();

app.UseServiceDefaults();
app.UseRateLimits();
app.MapJobsApi();
app.MapHubs();

await app.RunAsync();
return 0;

public partial class Program;
