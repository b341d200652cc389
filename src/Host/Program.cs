using Microsoft.Extensions.Options;
using Platform.Host;
using Platform.Host.Defaults;
using Platform.Host.LocalServices;

var builder = WebApplication.CreateBuilder(args);
try
{
    await builder.AddLocalServicesWhenUnconfiguredAsync();
    builder.AddPlatform();
    var app = builder.Build();
    app.MapPlatform();
    await app.RunAsync();
    return 0;
}
catch (Exception refused) when (refused is LocalServiceException or OptionsValidationException)
{
    // A missing local server or a wrong setting is the operator's to fix: the message says which, a stack trace would not.
    Console.Error.WriteLine(refused.Message);
    return 1;
}

public partial class Program;
