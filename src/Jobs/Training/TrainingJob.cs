using System.Text.Json;
using System.Text.Json.Serialization;
using Platform.Contracts;
using Platform.Contracts.Files;
using Platform.Contracts.Jobs;
using Platform.Jobs.Handlers;
using Platform.Jobs.Types;

namespace Platform.Jobs.Training;

// Required, so a sample without "y" is an error rather than a silent 0.
public sealed record TrainingSample([property: JsonRequired] double[] X, [property: JsonRequired] double Y);

public sealed record TrainingInput(
    int? Epochs, double? LearningRate, IReadOnlyList<TrainingSample>? Dataset, int? Samples, int? Features, int? Seed, FileRef? DatasetFile = null);

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

    /// <summary>The most epochs × samples × features one run may take on: each factor within its bounds can still multiply to days.</summary>
    public const long MaxWork = 10_000_000_000;
    public const int DefaultFeatures = 4;

    public override string Type => JobTypes.Training;

    public override string Description =>
        "Fits a linear model by gradient descent on a dataset you give or upload as CSV, or on a synthetic one drawn from a seed.";

    public override InputSchema InputSchema { get; } = InputSchema.Parse($$"""
        {
          "type": "object",
          "additionalProperties": false,
          "properties": {
            "epochs": { "type": "integer", "minimum": 1, "maximum": {{MaxEpochs}}, "default": {{DefaultEpochs}}, "description": "Passes over the data; progress and loss are reported after each." },
            "learningRate": { "type": "number", "exclusiveMinimum": 0, "maximum": {{MaxLearningRate}}, "default": {{DefaultLearningRate}}, "description": "Step size of gradient descent." },
            "dataset": {
              "type": "array", "minItems": 1, "maxItems": {{MaxDatasetSamples}},
              "description": "Samples to fit, each features x and a target y; leave out for a synthetic dataset.",
              "items": {
                "type": "object",
                "additionalProperties": false,
                "required": ["x", "y"],
                "properties": {
                  "x": { "type": "array", "minItems": 1, "maxItems": {{MaxFeatures}}, "items": { "type": "number" } },
                  "y": { "type": "number" }
                }
              }
            },
            "datasetFile": {
              "x-file": { "accept": ["text/csv", "text/plain"] },
              "description": "An uploaded CSV file of samples, one a line: its features, then its target (x1,...,xn,y); a first line that is not numbers is a header."
            },
            "samples": { "type": "integer", "minimum": {{MinSyntheticSamples}}, "maximum": {{MaxSyntheticSamples}}, "default": {{DefaultSamples}}, "description": "Size of the synthetic dataset." },
            "features": { "type": "integer", "minimum": 1, "maximum": {{MaxFeatures}}, "default": {{DefaultFeatures}}, "description": "Features of the synthetic dataset." },
            "seed": { "type": "integer", "description": "The same seed draws the same synthetic dataset; drawn at random when left out." }
          }
        }
        """);

    protected override TrainingInput Validate(TrainingInput input, FieldErrors errors)
    {
        var (epochs, learningRate) = (input.Epochs ?? DefaultEpochs, input.LearningRate ?? DefaultLearningRate);

        if (input.DatasetFile is not null)
        {
            if (input.Dataset is not null || input.Samples is not null || input.Features is not null || input.Seed is not null)
                errors.Add("datasetFile", "cannot be combined with dataset, samples, features or seed.");
            return input with { Epochs = epochs, LearningRate = learningRate };
        }
        if (input.Dataset is not null)
        {
            if (input.Samples is not null || input.Features is not null || input.Seed is not null)
                errors.Add("dataset", "cannot be combined with samples, features or seed, which describe a synthetic dataset.");
            CheckDataset(input.Dataset, errors);
            CheckWork(epochs, input.Dataset.Count, input.Dataset[0].X.Length, errors);
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
        CheckWork(epochs, normalized.Samples.Value, normalized.Features.Value, errors);
        return normalized;
    }

    private static void CheckWork(long epochs, long samples, long features, FieldErrors errors)
    {
        var work = epochs * samples * features;
        if (work > MaxWork)
            errors.Add("epochs", $"is {epochs:N0}, which over {samples:N0} samples of {features} features makes {work:N0} steps; a run may take at most {MaxWork:N0}.");
    }

    protected override async Task<TrainingOutput> RunAsync(TrainingInput input, IJobContext context)
    {
        var (epochs, learningRate) = (input.Epochs!.Value, input.LearningRate!.Value);
        var data = input.DatasetFile is { } file
            ? await ReadDatasetAsync(file, epochs, context)
            : input.Dataset ?? LinearRegression.Synthetic(input.Samples!.Value, input.Features!.Value, input.Seed!.Value);
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

    // The schema has checked each sample's shape; what it cannot say is that all have as many features as the first.
    private static void CheckDataset(IReadOnlyList<TrainingSample> dataset, FieldErrors errors)
    {
        var features = dataset[0].X.Length;
        for (var i = 1; i < dataset.Count; i++)
            if (dataset[i].X.Length != features)
                errors.Add($"dataset[{i}].x", $"has {dataset[i].X.Length} numbers where the first sample has {features}.");
    }

    // The file's rows are checked as a given dataset's are, but only now: the submit saw its type, never its bytes.
    private static async Task<IReadOnlyList<TrainingSample>> ReadDatasetAsync(FileRef file, int epochs, IJobContext context)
    {
        await using var opened = await context.OpenFileAsync(file.File);
        var samples = await CsvSamples.ReadAsync(opened.Content, MaxDatasetSamples, MaxFeatures, context.CancellationToken);
        await context.LogAsync($"read {samples.Count} samples from {opened.Name}");
        var errors = new FieldErrors();
        CheckWork(epochs, samples.Count, samples[0].X.Length, errors);
        if (errors.Any)
            throw new InvalidOperationException($"{opened.Name}: {string.Join(" ", errors.ToDictionary().Values.SelectMany(m => m))}");
        return samples;
    }
}
