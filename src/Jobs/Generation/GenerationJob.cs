using Platform.Contracts.Jobs;
using Platform.Jobs.Handlers;

namespace Platform.Jobs.Generation;

public sealed record GenerationInput(string? Prompt, int? Width, int? Height, int? Steps, int? Seed);

public sealed record GenerationOutput(string Image, int Width, int Height, int Steps, int Seed);

/// <summary>Renders a PNG from a prompt in a number of refinement steps.</summary>
public sealed class GenerationJob : JobHandler<GenerationInput, GenerationOutput>
{
    public const int MaxSide = 1024;
    public const int MaxSteps = 200;
    public const int MaxPromptLength = 500;

    public override string Type => JobTypes.Generation;

    protected override GenerationInput Validate(GenerationInput input, InputErrors errors)
    {
        if (string.IsNullOrWhiteSpace(input.Prompt))
            errors.Add("prompt", "is required.");
        else if (input.Prompt.Length > MaxPromptLength)
            errors.Add("prompt", $"must be at most {MaxPromptLength} characters.");
        errors.Range("width", input.Width ?? 256, 16, MaxSide);
        errors.Range("height", input.Height ?? 256, 16, MaxSide);
        errors.Range("steps", input.Steps ?? 20, 1, MaxSteps);
        return new GenerationInput(input.Prompt?.Trim(), input.Width ?? 256, input.Height ?? 256, input.Steps ?? 20,
            input.Seed ?? Random.Shared.Next());
    }

    protected override async Task<GenerationOutput> RunAsync(GenerationInput input, IJobContext context)
    {
        var (width, height, steps, seed) = (input.Width!.Value, input.Height!.Value, input.Steps!.Value, input.Seed!.Value);
        await context.LogAsync($"rendering {width}x{height} in {steps} steps, seed {seed}");
        var renderer = new ImageRenderer(input.Prompt!, seed, width, height);
        for (var step = 1; step <= steps; step++)
        {
            context.CancellationToken.ThrowIfCancellationRequested();
            var change = renderer.Refine(step);
            await context.ReportProgressAsync(100.0 * step / steps, $"step {step}/{steps}",
                new Dictionary<string, double> { ["step"] = step, ["change"] = Math.Round(change, 3) });
        }
        context.CancellationToken.ThrowIfCancellationRequested();
        var png = renderer.EncodePng();
        await context.SaveArtifactAsync("image.png", "image/png", png);
        await context.LogAsync($"rendered image.png ({png.Length} bytes)");
        return new GenerationOutput("image.png", width, height, steps, seed);
    }
}
