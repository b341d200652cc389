using Platform.Contracts;
using Platform.Contracts.Jobs;
using Platform.Jobs.Handlers;
using Platform.Jobs.Types;

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

    public override string Description => "Renders a PNG image from a prompt in a number of refinement steps.";

    public override InputSchema InputSchema { get; } = InputSchema.Parse($$"""
        {
          "type": "object",
          "additionalProperties": false,
          "required": ["prompt"],
          "properties": {
            "prompt": { "type": "string", "minLength": 1, "maxLength": {{MaxPromptLength}}, "description": "What to draw." },
            "width": { "type": "integer", "minimum": {{MinSide}}, "maximum": {{MaxSide}}, "default": {{DefaultSide}}, "description": "Pixels across." },
            "height": { "type": "integer", "minimum": {{MinSide}}, "maximum": {{MaxSide}}, "default": {{DefaultSide}}, "description": "Pixels down." },
            "steps": { "type": "integer", "minimum": 1, "maximum": {{MaxSteps}}, "default": {{DefaultSteps}}, "description": "Refinement steps; progress is reported after each." },
            "seed": { "type": "integer", "description": "The same seed renders the same image; drawn at random when left out." }
          }
        }
        """);

    protected override GenerationInput Validate(GenerationInput input, FieldErrors errors)
    {
        var prompt = input.Prompt!.Trim();
        if (prompt.Length == 0)
            errors.Add("prompt", "is required.");
        return new GenerationInput(prompt, input.Width ?? DefaultSide, input.Height ?? DefaultSide,
            input.Steps ?? DefaultSteps, input.Seed ?? Random.Shared.Next());
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
