using System.Text.Json;
using Platform.Contracts.Jobs;
using Platform.IntegrationTests.Infrastructure;

namespace Platform.IntegrationTests.Jobs;

public sealed class TrainingJobTests(PlatformFixture platform) : IClassFixture<PlatformFixture>
{
    [Fact]
    public async Task A_training_job_reports_loss_per_epoch_and_the_loss_goes_down()
    {
        var client = await platform.Application.CreatePlatformClientAsync();
        await using var watcher = await JobWatcher.StartForMyJobsAsync(client);
        var submitted = await client.SubmitAsync(new SubmitJobRequest(JobTypes.Training,
            JsonSerializer.SerializeToElement(new { epochs = 40, learningRate = 0.05, samples = 300, features = 3, seed = 11 })));

        var finished = await watcher.WaitForFinishAsync(submitted.Id);

        finished.Kind.Should().Be(JobEventKind.Succeeded);
        var losses = watcher.ReceivedFor(submitted.Id)
            .Where(e => e.Kind == JobEventKind.Progressed && e.Metrics is not null && e.Metrics.ContainsKey("loss"))
            .Select(e => (Epoch: e.Metrics!["epoch"], Loss: e.Metrics["loss"]))
            .ToList();
        losses.Select(l => l.Epoch).Should().BeInAscendingOrder("epochs are pushed live in order, at most at the live rate");
        losses.First().Epoch.Should().BeLessThan(40);
        losses.Last().Epoch.Should().Be(40, "the last epoch is never thinned out");
        losses.Last().Loss.Should().BeLessThan(losses.First().Loss / 2, "gradient descent makes the loss fall overall");

        var job = await client.GetJobAsync(submitted.Id);
        job.Metrics["epoch"].Should().Be(40, "the last progress before the state change is stored");
        job.Output!.Value.GetProperty("finalLoss").GetDouble().Should().BeLessThan(job.Output.Value.GetProperty("initialLoss").GetDouble());
        job.Artifacts.Should().Contain(a => a.Name == "model.json");
    }
}
