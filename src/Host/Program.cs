using Platform.Host.Accounts;
using Platform.Host.Admin;
using Platform.Host.Dashboard;
using Platform.Host.Defaults;
using Platform.Host.Jobs;
using Platform.Host.Notifications;
using Platform.Host.Schedules;
using Platform.Host.Webhooks;
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
builder.AddAccounts();

var app = builder.Build();

app.UseServiceDefaults();
app.UseDashboard();
app.UseAuthentication();
app.UseAuthorization();
app.UseRateLimits();
app.MapAccountsApi();
app.MapAdminApi();
app.MapJobsApi();
app.MapJobTypesApi();
app.MapSchedulesApi();
app.MapNotificationsApi();
app.MapWebhooksApi();
app.MapHubs();

await app.RunAsync();
return 0;

public partial class Program;
