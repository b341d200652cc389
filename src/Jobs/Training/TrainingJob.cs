using System.Text.Json;
using System.Text.Json.Serialization;
using Platform.Contracts;
using Platform.Contracts.Jobs;
using Platform.Jobs.Handlers;

namespace Platform.Jobs.Training;

// Required, so a sample without "y" is an error rather than a silent 0.
public sealed record TrainingSample([property: JsonRequired] double[] X, [property: JsonRequired] double Y);

public sealed record TrainingInput(
    int? Epochs, double? LearningRate, IReadOnlyList<TrainingSample>? Dataset, int? Samples, int? Features, int? Seed);

public sealed record TrainingOutput(double[] Weights, double Bias, double InitialLoss, double FinalLoss, int Epochs, int Samples);

/// <summary>Fits a linear model by gradient descent on a given dataset, or on a synthetic one drawn from a seed.</summary>
public sealed class TrainingJob : JobHandler<TrainingInput, TrainingOutput>
{
    public const int MaxEpochs = 100_000;
    public const int DefaultEpochs = 50;
    public const double MaxLearningRate = 10;
    public const double DefaultLearningRate = 0.05;
    public const int MaxDatasetSamples = 10_000;
    public const int MinSyntheticSamples = 10;
    public const int MaxSyntheticSamples = 100_000;
    public const int DefaultSamples = 500;
    public const int MaxFeatures = 64;
    public const int DefaultFeatures = 4;

    public override string Type => JobTypes.Training;

    protected override TrainingInput Validate(TrainingInput input, FieldErrors errors)
    {
        var (epochs, learningRate) = (input.Epochs ?? DefaultEpochs, input.LearningRate ?? DefaultLearningRate);
        errors.Range("epochs", epochs, 1, MaxEpochs);
        if (!double.IsFinite(learningRate) || learningRate <= 0 || learningRate > MaxLearningRate)
            errors.Add("learningRate", $"must be a number above 0 and at most {MaxLearningRate}.");

        if (input.Dataset is not null)
        {
            if (input.Samples is not null || input.Features is not null || input.Seed is not null)
                errors.Add("dataset", "cannot be combined with samples, features or seed, which describe a synthetic dataset.");
            CheckDataset(input.Dataset, errors);
            return input with { Epochs = epochs, LearningRate = learningRate };
        }

        var normalized = input with
        {
            Epochs = epochs,
            LearningRate = learningRate,
            Samples = input.Samples ?? DefaultSamples,
            Features = input.Features ?? DefaultFeatures,
            Seed = input.Seed ?? Random.Shared.Next(),
        };
        errors.Range("samples", normalized.Samples.Value, MinSyntheticSamples, MaxSyntheticSamples);
        errors.Range("features", normalized.Features.Value, 1, MaxFeatures);
        return normalized;
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
            if (epoch % logEvery == 0 && epoch < epochs)
                await context.LogAsync($"epoch {epoch}: loss {loss:G6}");
        }
        await context.LogAsync($"trained {epochs} epochs: loss {initialLoss:G6} -> {loss:G6}");

        var modelJson = JsonSerializer.SerializeToUtf8Bytes(new { weights = model.Weights, bias = model.Bias });
        await context.SaveArtifactAsync("model.json", "application/json", modelJson);
        return new TrainingOutput(model.Weights, model.Bias, initialLoss, loss, epochs, data.Count);
    }

    private static void CheckDataset(IReadOnlyList<TrainingSample> dataset, FieldErrors errors)
    {
        if (dataset.Count is 0 or > MaxDatasetSamples)
        {
            errors.Add("dataset", $"must have between 1 and {MaxDatasetSamples} samples.");
            return;
        }
        var features = dataset[0]?.X?.Length ?? 0;
        for (var i = 0; i < dataset.Count; i++)
        {
            // JSON allows null elements and arrays even where the record says otherwise.
            var sample = dataset[i];
            if (sample is null)
                errors.Add($"dataset[{i}]", "must be an object with x and y.");
            else if (sample.X is null || sample.X.Length is 0 or > MaxFeatures)
                errors.Add($"dataset[{i}].x", $"must have between 1 and {MaxFeatures} numbers.");
            else if (sample.X.Length != features)
                errors.Add($"dataset[{i}].x", $"has {sample.X.Length} numbers where the first sample has {features}.");
            else if (!sample.X.All(double.IsFinite))
                errors.Add($"dataset[{i}].x", "must hold finite numbers only.");
            if (sample is not null && !double.IsFinite(sample.Y))
                errors.Add($"dataset[{i}].y", "must be a finite number.");
        }
    }
}
