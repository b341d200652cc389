using System.Text.Json;
using Platform.Jobs.Training;

namespace Platform.UnitTests.Jobs;

public sealed class TrainingJobTests
{
    private readonly TrainingJob _job = new();

    [Fact]
    public async Task Training_reports_loss_every_epoch_and_the_loss_falls()
    {
        var context = new RecordingContext();

        var output = await Run(new { epochs = 30, samples = 200, features = 3, seed = 9 }, context);

        var losses = context.Progress.Select(p => p.Metrics!["loss"]).ToList();
        losses.Should().HaveCount(30);
        losses.Last().Should().BeLessThan(losses.First());
        output.GetProperty("finalLoss").GetDouble().Should().BeLessThan(output.GetProperty("initialLoss").GetDouble() / 2);
        context.Artifacts.Should().ContainKey("model.json");
    }

    [Fact]
    public async Task A_given_dataset_is_fitted()
    {
        var dataset = Enumerable.Range(-5, 11).Select(x => new { x = new[] { x / 5.0 }, y = 2 * (x / 5.0) + 1 }).ToArray();

        var output = await Run(new { epochs = 2000, learningRate = 0.1, dataset }, new RecordingContext());

        output.GetProperty("weights")[0].GetDouble().Should().BeApproximately(2, 0.01);
        output.GetProperty("bias").GetDouble().Should().BeApproximately(1, 0.01);
    }

    [Fact]
    public async Task A_learning_rate_that_diverges_fails_with_a_clear_message()
    {
        var run = () => Run(new { epochs = 500, learningRate = 10, samples = 50, features = 8, seed = 2 }, new RecordingContext());

        (await run.Should().ThrowAsync<InvalidOperationException>()).WithMessage("*diverged*smaller learningRate*");
    }

    [Theory]
    [InlineData("""{"epochs":0}""", "input.epochs")]
    [InlineData("""{"learningRate":-1}""", "input.learningRate")]
    [InlineData("""{"dataset":[{"x":[1,2],"y":1},{"x":[1],"y":2}]}""", "input.dataset[1].x")]
    [InlineData("""{"dataset":[{"x":[1],"y":1}],"samples":20}""", "input.dataset")]
    [InlineData("""{"dataset":[{"x":[1],"y":1}],"seed":3}""", "input.dataset")]
    [InlineData("""{"dataset":[{"x":[1],"y":1},null]}""", "input.dataset[1]")]
    [InlineData("""{"dataset":[{"x":[1]}]}""", "input.dataset[0].y")]
    [InlineData("""{"dataset":[{"x":[1],"y":"Infinity"}]}""", "input.dataset[0].y")]
    [InlineData("""{"features":1000}""", "input.features")]
    [InlineData("""{"epochs":100000,"samples":100000,"features":64}""", "input.epochs")]
    public void Bad_input_is_rejected_with_the_field_named(string input, string field)
    {
        var check = _job.Check(JsonDocument.Parse(input).RootElement);

        check.IsValid.Should().BeFalse();
        check.Errors.Keys.Should().Contain(field);
    }

    private async Task<JsonElement> Run(object input, RecordingContext context) => (await context.RunAsync(_job, input))!.Value;
}
