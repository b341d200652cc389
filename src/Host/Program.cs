using Platform.Host;
using Platform.Host.LocalServices;

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
builder.AddPlatform();

var app = builder.Build();
app.MapPlatform();
await app.RunAsync();
return 0;

public partial class Program;
