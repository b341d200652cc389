using System.Text.Json;
using Platform.Contracts.Jobs;
using Platform.Jobs.Handlers;

namespace Platform.Jobs.Training;

public sealed record TrainingSample(double[] X, double Y);

public sealed record TrainingInput(
    int? Epochs, double? LearningRate, IReadOnlyList<TrainingSample>? Dataset, int? Samples, int? Features, int? Seed);

public sealed record TrainingOutput(double[] Weights, double Bias, double InitialLoss, double FinalLoss, int Epochs, int Samples);

/// <summary>Fits a linear model by gradient descent on a given dataset, or on a synthetic one drawn from a seed.</summary>
public sealed class TrainingJob : JobHandler<TrainingInput, TrainingOutput>
{
    public const int MaxEpochs = 100_000;
    public const int MaxDatasetSamples = 10_000;
    public const int MaxSyntheticSamples = 100_000;
    public const int MaxFeatures = 64;

    public override string Type => JobTypes.Training;

    protected override TrainingInput Validate(TrainingInput input, InputErrors errors)
    {
        errors.Range("epochs", input.Epochs ?? 50, 1, MaxEpochs);
        var learningRate = input.LearningRate ?? 0.05;
        if (!double.IsFinite(learningRate) || learningRate <= 0 || learningRate > 10)
            errors.Add("learningRate", "must be a number above 0 and at most 10.");

        if (input.Dataset is not null)
        {
            if (input.Samples is not null || input.Features is not null)
                errors.Add("dataset", "cannot be combined with samples or features, which describe a synthetic dataset.");
            CheckDataset(input.Dataset, errors);
            return input with { Epochs = input.Epochs ?? 50, LearningRate = learningRate };
        }

        errors.Range("samples", input.Samples ?? 500, 10, MaxSyntheticSamples);
        errors.Range("features", input.Features ?? 4, 1, MaxFeatures);
        return input with
        {
            Epochs = input.Epochs ?? 50,
            LearningRate = learningRate,
            Samples = input.Samples ?? 500,
            Features = input.Features ?? 4,
            Seed = input.Seed ?? Random.Shared.Next(),
        };
    }

    protected override async Task<TrainingOutput> RunAsync(TrainingInput input, IJobContext context)
    {
        var data = input.Dataset ?? LinearRegression.Synthetic(input.Samples!.Value, input.Features!.Value, input.Seed!.Value);
        var (epochs, learningRate) = (input.Epochs!.Value, input.LearningRate!.Value);
        var model = new LinearRegression(data[0].X.Length);
        var initialLoss = model.Loss(data);
        await context.LogAsync($"training on {data.Count} samples with {model.Weights.Length} features, initial loss {initialLoss:G4}");

        var loss = initialLoss;
        var logEvery = Math.Max(1, epochs / 10);
        for (var epoch = 1; epoch <= epochs; epoch++)
        {
            context.CancellationToken.ThrowIfCancellationRequested();
            loss = model.Step(data, learningRate);
            if (!double.IsFinite(loss))
                throw new InvalidOperationException(
                    $"Training diverged at epoch {epoch} (loss is not a finite number); try a smaller learningRate.");
            await context.ReportProgressAsync(100.0 * epoch / epochs, $"epoch {epoch}/{epochs} loss {loss:G4}",
                new Dictionary<string, double> { ["epoch"] = epoch, ["loss"] = loss });
            if (epoch % logEvery == 0)
                await context.LogAsync($"epoch {epoch}: loss {loss:G6}");
        }

        var modelJson = JsonSerializer.SerializeToUtf8Bytes(new { weights = model.Weights, bias = model.Bias });
        await context.SaveArtifactAsync("model.json", "application/json", modelJson);
        return new TrainingOutput(model.Weights, model.Bias, initialLoss, loss, epochs, data.Count);
    }

    private static void CheckDataset(IReadOnlyList<TrainingSample> dataset, InputErrors errors)
    {
        if (dataset.Count is 0 or > MaxDatasetSamples)
        {
            errors.Add("dataset", $"must have between 1 and {MaxDatasetSamples} samples.");
            return;
        }
        var features = dataset[0].X?.Length ?? 0;
        for (var i = 0; i < dataset.Count; i++)
        {
            var sample = dataset[i];
            if (sample.X is null || sample.X.Length is 0 or > MaxFeatures)
                errors.Add($"dataset[{i}].x", $"must have between 1 and {MaxFeatures} numbers.");
            else if (sample.X.Length != features)
                errors.Add($"dataset[{i}].x", $"has {sample.X.Length} numbers where the first sample has {features}.");
            else if (!sample.X.All(double.IsFinite) || !double.IsFinite(sample.Y))
                errors.Add($"dataset[{i}]", "must hold finite numbers only.");
        }
    }
}
