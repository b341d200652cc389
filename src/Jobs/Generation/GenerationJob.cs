using Platform.Contracts;
using Platform.Contracts.Jobs;
using Platform.Jobs.Handlers;

namespace Platform.Jobs.Generation;

public sealed record GenerationInput(string? Prompt, int? Width, int? Height, int? Steps, int? Seed);

public sealed record GenerationOutput(string Image, int Width, int Height, int Steps, int Seed);

/// <summary>Renders a PNG from a prompt in a number of refinement steps.</summary>
public sealed class GenerationJob : JobHandler<GenerationInput, GenerationOutput>
{
    public const int MinSide = 16;
    public const int MaxSide = 1024;
    public const int DefaultSide = 256;
    public const int MaxSteps = 200;
    public const int DefaultSteps = 20;
    public const int MaxPromptLength = 500;

    public override string Type => JobTypes.Generation;

    protected override GenerationInput Validate(GenerationInput input, FieldErrors errors)
    {
        var prompt = input.Prompt?.Trim();
        if (string.IsNullOrEmpty(prompt))
            errors.Add("prompt", "is required.");
        else if (prompt.Length > MaxPromptLength)
            errors.Add("prompt", $"must be at most {MaxPromptLength} characters.");
        var normalized = new GenerationInput(prompt, input.Width ?? DefaultSide, input.Height ?? DefaultSide,
            input.Steps ?? DefaultSteps, input.Seed ?? Random.Shared.Next());
        errors.Range("width", normalized.Width!.Value, MinSide, MaxSide);
        errors.Range("height", normalized.Height!.Value, MinSide, MaxSide);
        errors.Range("steps", normalized.Steps!.Value, 1, MaxSteps);
        return normalized;
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
