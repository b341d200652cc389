using System.Text.Json;
using Platform.Contracts;
using Platform.Jobs.Handlers;
using Platform.Jobs.Types;

namespace Platform.Samples.CustomHandler;

public sealed record WordCountInput(string Text, int? Top);

public sealed record WordCountOutput(int Words, int Distinct, IReadOnlyList<WordCount> Top);

public sealed record WordCount(string Word, int Count);

/// <summary>Counts the words of a text, line by line with progress, and keeps the counts as a JSON artifact.</summary>
public sealed class WordCountJob : JobHandler<WordCountInput, WordCountOutput>
{
    public const string TypeName = "word-count";
    private const int DefaultTop = 10;

    public override string Type => TypeName;

    public override string Description => "Counts the words of a text and names the most frequent ones.";

    public override InputSchema InputSchema { get; } = InputSchema.Parse($$"""
        {
          "type": "object",
          "additionalProperties": false,
          "required": ["text"],
          "properties": {
            "text": { "type": "string", "minLength": 1, "maxLength": 100000, "description": "The text to count." },
            "top": { "type": "integer", "minimum": 1, "maximum": 100, "default": {{DefaultTop}}, "description": "How many of the most frequent words to name." }
          }
        }
        """);

    protected override WordCountInput Validate(WordCountInput input, FieldErrors errors) => input with { Top = input.Top ?? DefaultTop };

    protected override async Task<WordCountOutput> RunAsync(WordCountInput input, IJobContext context)
    {
        var counts = new Dictionary<string, int>(StringComparer.OrdinalIgnoreCase);
        var lines = input.Text.Split('\n');
        for (var i = 0; i < lines.Length; i++)
        {
            context.CancellationToken.ThrowIfCancellationRequested();
            foreach (var word in lines[i].Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries).Select(w => w.Trim('.', ',', ';', ':', '!', '?', '"', '(', ')')))
                if (word.Length > 0)
                    counts[word] = counts.GetValueOrDefault(word) + 1;
            await context.ReportProgressAsync(100.0 * (i + 1) / lines.Length, $"line {i + 1}/{lines.Length}");
        }
        var top = counts.OrderByDescending(c => c.Value).ThenBy(c => c.Key, StringComparer.Ordinal).Take(input.Top!.Value)
            .Select(c => new WordCount(c.Key, c.Value)).ToList();
        await context.SaveArtifactAsync("counts.json", "application/json", JsonSerializer.SerializeToUtf8Bytes(counts));
        return new WordCountOutput(counts.Values.Sum(), counts.Count, top);
    }
}
