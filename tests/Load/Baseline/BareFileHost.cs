using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Platform.Host.LocalServices;
using Platform.TestCluster;

namespace Platform.Load.Baseline;

/// <summary>
/// The floor to judge uploads and downloads by: a plain static file server with nothing of the platform. <c>PUT
/// /files/{name}</c> copies the body into a file of that name, <c>GET /files/{name}</c> sends it with <c>Results.File</c>;
/// no authentication, database, hashing, size limit or content sniffing. Run by this tool as its own process:
/// <c>Platform.Load files-baseline-host --urls URL --root FOLDER</c>.
/// </summary>
public static partial class BareFileHost
{
    public const string Command = "files-baseline-host";

    public static Task<HostProcess> StartAsync(string root) =>
        HostProcess.StartAsync(FreePort.Pick(), ["Platform.Load.dll", Command], new Dictionary<string, string> { ["root"] = root });

    public static async Task<int> RunAsync(string[] args)
    {
        var builder = WebApplication.CreateSlimBuilder(args);
        builder.Logging.SetMinimumLevel(LogLevel.Warning);
        builder.WebHost.ConfigureKestrel(kestrel => kestrel.Limits.MaxRequestBodySize = null);
        var root = Directory.CreateDirectory(builder.Configuration["root"] ?? throw new ArgumentException("--root is required.")).FullName;
        var app = builder.Build();
        app.MapGet("/health/live", () => "ok");
        app.MapPut("/files/{name}", async (string name, HttpRequest request, CancellationToken ct) =>
        {
            if (!Name().IsMatch(name))
                return Results.BadRequest();
            await using var file = new FileStream(Path.Combine(root, name), FileMode.Create, FileAccess.Write, FileShare.None, 81920, useAsync: true);
            await request.Body.CopyToAsync(file, ct);
            return Results.Created($"/files/{name}", file.Length);
        });
        app.MapGet("/files/{name}", (string name) => Name().IsMatch(name) && File.Exists(Path.Combine(root, name))
            ? Results.File(Path.Combine(root, name), "application/octet-stream")
            : Results.NotFound());
        app.MapDelete("/files/{name}", (string name) =>
        {
            if (!Name().IsMatch(name))
                return Results.BadRequest();
            File.Delete(Path.Combine(root, name));
            return Results.NoContent();
        });
        await app.RunAsync();
        return 0;
    }

    [GeneratedRegex("^[A-Za-z0-9_-][A-Za-z0-9._-]*$")]
    private static partial Regex Name();
}
