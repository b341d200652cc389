using System.Text.Json;
using Platform.Contracts;
using Platform.Contracts.Jobs;
using Platform.IntegrationTests.Infrastructure;
using Platform.Jobs;
using Platform.Jobs.Handlers;
using Platform.Jobs.Types;

namespace Platform.IntegrationTests.Jobs;

public sealed record ChattyInput(int? Lines, int? Ticks, int? TickPadding);

/// <summary>
/// Logs <c>lines</c> lines and reports <c>ticks</c> progress ticks as fast as it can, then succeeds. Each tick's message
/// is "tick N", followed by <c>tickPadding</c> spaces to make ticks as large as a test needs.
/// </summary>
public sealed class ChattyJob : JobHandler<ChattyInput, object?>
{
    public const string TypeName = "chatty";

    public override string Type => TypeName;

    public static SubmitJobRequest Submit(int lines = 0, int ticks = 0, int tickPadding = 0) =>
        new(TypeName, JsonSerializer.SerializeToElement(new { lines, ticks, tickPadding }));

    public override string Description => "Logs and reports progress as fast as it can.";

    public override InputSchema InputSchema { get; } = InputSchema.Parse("""
        {
          "type": "object",
          "additionalProperties": false,
          "properties": {
            "lines": { "type": "integer", "minimum": 0, "maximum": 10000, "default": 0 },
            "ticks": { "type": "integer", "minimum": 0, "maximum": 10000, "default": 0 },
            "tickPadding": { "type": "integer", "minimum": 0, "maximum": 100000, "default": 0 }
          }
        }
        """);

    protected override ChattyInput Validate(ChattyInput input, FieldErrors errors) => new(input.Lines ?? 0, input.Ticks ?? 0, input.TickPadding ?? 0);

    protected override async Task<object?> RunAsync(ChattyInput input, IJobContext context)
    {
        for (var line = 1; line <= input.Lines; line++)
            await context.LogAsync($"line {line}");
        var padding = new string(' ', input.TickPadding!.Value);
        for (var tick = 1; tick <= input.Ticks; tick++)
            await context.ReportProgressAsync(100.0 * tick / input.Ticks!.Value, $"tick {tick}{padding}");
        return null;
    }
}

/// <summary>A host that also runs <see cref="ChattyJob"/>.</summary>
public sealed class ChattyJobFixture() : PlatformFixture("chatty-jobs", testServices: services => services.AddJobHandler<ChattyJob>());
