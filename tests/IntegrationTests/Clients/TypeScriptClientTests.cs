using System.Net.Http.Json;
using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Nodes;
using Platform.Contracts;
using Platform.Contracts.Accounts;
using Platform.Contracts.Jobs;
using Platform.IntegrationTests.Infrastructure;
using Xunit.Abstractions;

namespace Platform.IntegrationTests.Clients;

/// <summary>
/// One host for the TypeScript client's tests and its samples' tests: its OpenAPI document as it stands with no remote
/// type declared, then the remote types the workers run, and the admin's key that submits and works them.
/// </summary>
public sealed class TypeScriptPlatform() : PlatformFixture("typescript")
{
    public const string Collection = "TypeScript client";

    /// <summary>What the package's worker tests run.</summary>
    public const string ShoutType = "shout";

    /// <summary>What samples/NodeWorker runs.</summary>
    public const string WordCountType = "wordcount";

    public JsonNode OpenApiDocument { get; private set; } = null!;

    public TestUser Admin { get; private set; } = null!;

    /// <summary>The admin's key (jobs:read, jobs:write, worker, admin): its workers run every user's jobs of their types.</summary>
    public string AdminKey { get; private set; } = "";

    public override async Task InitializeAsync()
    {
        await base.InitializeAsync();
        using var anonymous = new HttpClient { BaseAddress = Application.ClientOptions.BaseAddress };
        OpenApiDocument = (await anonymous.GetFromJsonAsync<JsonNode>("swagger/v1/swagger.json"))!;
        Admin = await Application.CreateUserAsync();
        AdminKey = (await Admin.WithApiKeyAsync(Scopes.JobsRead, Scopes.JobsWrite, Scopes.Worker, Scopes.Admin)).Key.Secret;
        using var admin = new HttpClient { BaseAddress = Application.ClientOptions.BaseAddress };
        admin.DefaultRequestHeaders.Authorization = new("Bearer", Admin.Tokens.AccessToken);
        var anyObject = JsonSerializer.SerializeToElement(new { type = "object" });
        foreach (var (type, description) in new[] { (ShoutType, "Upper-cases text."), (WordCountType, "Counts the words of a text.") })
            (await admin.PutAsJsonAsync($"api/v1/admin/job-types/{type}", new DeclareJobTypeRequest(description, anyObject), PlatformJson.Options))
                .EnsureSuccessStatusCode();
    }

    public Dictionary<string, string> Environment() => new()
    {
        ["PLATFORM_URL"] = Application.ClientOptions.BaseAddress.ToString(),
        ["PLATFORM_API_KEY"] = AdminKey,
        ["PLATFORM_REMOTE_TYPE"] = ShoutType,
    };
}

[CollectionDefinition(TypeScriptPlatform.Collection)]
public sealed class TypeScriptCollection : ICollectionFixture<TypeScriptPlatform>;

/// <summary>The package's own tests (node's test runner, one case per file) against a real host, and its generated types.</summary>
[Collection(TypeScriptPlatform.Collection)]
public sealed class TypeScriptClientTests(TypeScriptPlatform platform, ITestOutputHelper output)
{
    private const string UpdateVariable = "PLATFORM_UPDATE_OPENAPI";
    private static readonly string Snapshot = Path.Combine(TypeScriptNode.Package, "openapi", "swagger.json");
    private static readonly string GeneratedTypes = Path.Combine(TypeScriptNode.Package, "src", "generated", "openapi.ts");

    [Theory]
    [InlineData("rest")]
    [InlineData("live")]
    [InlineData("uploads")]
    [InlineData("worker")]
    public async Task The_node_tests_of_the_package_pass_against_a_real_host(string file)
    {
        var (exitCode, text) = await TypeScriptNode.RunAsync(TypeScriptNode.Package, platform.Environment(), TimeSpan.FromMinutes(2),
            "--test", "--test-reporter=spec", $"dist/test/{file}.test.js");

        output.WriteLine(text);
        exitCode.Should().Be(0, $"node --test dist/test/{file}.test.js said:\n{text}");
    }

    [Fact]
    public async Task The_openapi_snapshot_and_the_types_generated_from_it_match_what_the_host_serves()
    {
        var served = platform.OpenApiDocument.ToJsonString(new JsonSerializerOptions { WriteIndented = true, Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping }) + "\n";
        var folder = Directory.CreateTempSubdirectory("openapi-").FullName;
        var document = Path.Combine(folder, "swagger.json");
        var types = Path.Combine(folder, "openapi.ts");
        await File.WriteAllTextAsync(document, served);

        var (exitCode, text) = await TypeScriptNode.RunAsync(TypeScriptNode.Package, new Dictionary<string, string>(), TimeSpan.FromMinutes(1),
            "node_modules/openapi-typescript/bin/cli.js", document, "-o", types);
        exitCode.Should().Be(0, text);

        if (System.Environment.GetEnvironmentVariable(UpdateVariable) == "1")
        {
            File.Copy(document, Snapshot, overwrite: true);
            File.Copy(types, GeneratedTypes, overwrite: true);
            output.WriteLine($"Wrote {Snapshot} and {GeneratedTypes}.");
        }
        var update = $"the API changed: run `{UpdateVariable}=1 dotnet test tests/IntegrationTests --filter "
            + $"FullyQualifiedName~{nameof(TypeScriptClientTests)}.{nameof(The_openapi_snapshot_and_the_types_generated_from_it_match_what_the_host_serves)}`, "
            + "which writes clients/typescript/openapi/swagger.json and src/generated/openapi.ts, then build the package (npm run build) and commit both";
        JsonNode.DeepEquals(JsonNode.Parse(await File.ReadAllTextAsync(Snapshot)), platform.OpenApiDocument).Should().BeTrue(update);
        (await File.ReadAllTextAsync(GeneratedTypes)).Should().Be(await File.ReadAllTextAsync(types), update);
        Directory.Delete(folder, recursive: true);
    }
}
