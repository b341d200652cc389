using System.Text.Json;
using Platform.Contracts.Jobs;

namespace Platform.IntegrationTests.Accounts;

// Aggregates read no job by its id, so the id walks do not reach them.
public sealed partial class IsolationTests
{
    [Fact]
    public async Task Metric_aggregates_summarise_only_the_callers_own_jobs()
    {
        var owner = await App.CreateUserAsync();
        var stranger = await App.CreateUserAsync();
        var job = await owner.Client.SubmitAsync(new SubmitJobRequest(JobTypes.Generation,
            JsonSerializer.SerializeToElement(new { prompt = "a small harbour", width = 64, height = 64, steps = 2 })));
        await owner.Client.WaitForCompletionAsync(job.Id, TimeSpan.FromSeconds(60));

        (await stranger.Client.AggregateMetricAsync("step")).Groups.Should().BeEmpty();
        (await owner.Client.AggregateMetricAsync("step")).Groups.Should().ContainSingle().Which.Count.Should().Be(1);
    }
}
