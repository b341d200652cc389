using System.Net;
using System.Text.Json;
using Platform.Client;
using Platform.Contracts.Jobs;
using Platform.IntegrationTests.Infrastructure;

namespace Platform.IntegrationTests.Jobs;

/// <summary>The job types a caller may submit, each with the schema its submits are held to.</summary>
public sealed class JobTypeTests(PlatformFixture platform) : IClassFixture<PlatformFixture>
{
    [Fact]
    public async Task A_caller_finds_every_type_with_what_it_does_the_schema_of_its_input_and_its_limits()
    {
        var client = await platform.Application.CreatePlatformClientAsync();

        var types = await client.ListJobTypesAsync();

        types.Select(t => t.Name).Should().Contain([JobTypes.Generation, JobTypes.Training]);
        var generation = types.Single(t => t.Name == JobTypes.Generation);
        generation.Runs.Should().Be(JobTypeRuns.BuiltIn);
        generation.Description.Should().NotBeNullOrWhiteSpace();
        generation.MaxAttempts.Should().Be(3, "the default of Jobs:MaxAttempts");
        generation.TimeoutSeconds.Should().Be(3600, "no run holds a worker for ever: Jobs:DefaultTimeout");
        var steps = generation.InputSchema.GetProperty("properties").GetProperty("steps");
        (steps.GetProperty("minimum").GetInt32(), steps.GetProperty("maximum").GetInt32(), steps.GetProperty("default").GetInt32()).Should().Be((1, 200, 20));
        generation.InputSchema.GetProperty("required").EnumerateArray().Select(r => r.GetString()).Should().Equal("prompt");
    }

    [Fact]
    public async Task A_submit_is_held_to_the_limits_the_schema_shows()
    {
        var client = await platform.Application.CreatePlatformClientAsync();
        var schema = (await client.GetJobTypeAsync(JobTypes.Generation)).InputSchema;
        var most = schema.GetProperty("properties").GetProperty("steps").GetProperty("maximum").GetInt32();

        var atTheLimit = await client.SubmitAsync(Generation(steps: most, width: 16));
        var overIt = () => client.SubmitAsync(Generation(steps: most + 1, width: 16));

        atTheLimit.Status.Should().Be(JobStatus.Queued);
        var refused = (await overIt.Should().ThrowAsync<PlatformApiException>()).Which;
        refused.Status.Should().Be(HttpStatusCode.BadRequest);
        refused.Errors.Should().ContainKey("input.steps").WhoseValue.Should().Equal($"must be between 1 and {most}.");
    }

    [Fact]
    public async Task An_unknown_type_is_a_not_found_problem()
    {
        var client = await platform.Application.CreatePlatformClientAsync();

        var unknown = () => client.GetJobTypeAsync("painting");

        (await unknown.Should().ThrowAsync<PlatformApiException>()).Which.Status.Should().Be(HttpStatusCode.NotFound);
    }

    private static SubmitJobRequest Generation(int steps, int width) =>
        new(JobTypes.Generation, JsonSerializer.SerializeToElement(new { prompt = "schema", steps, width, height = width }));
}
