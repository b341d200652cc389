using System.Globalization;
using System.Text.Json;
using Platform.Contracts.Jobs;

namespace Platform.Samples.ChatBot;

/// <summary>What a chat line asks of the bot. Lines that are not commands are not for the bot and parse to null.</summary>
public abstract record BotCommand
{
    public const string Help = """
        /generate <prompt> [--steps N] [--width N] [--height N] [--seed N]: render an image
        /train [--epochs N] [--learning-rate X]: fit a model and follow its loss
        /status <job id>, /cancel <job id>, /help
        """;

    public sealed record Submit(SubmitJobRequest Request, string Description) : BotCommand;

    public sealed record Status(Guid JobId) : BotCommand;

    public sealed record Cancel(Guid JobId) : BotCommand;

    public sealed record ShowHelp : BotCommand;

    /// <summary>A command the bot understood as one but cannot carry out; <see cref="Reason"/> says why.</summary>
    public sealed record Invalid(string Reason) : BotCommand;

    public static BotCommand? Parse(string line)
    {
        var words = line.Trim().Split(' ', StringSplitOptions.RemoveEmptyEntries);
        if (words.Length == 0 || !words[0].StartsWith('/'))
            return null;
        var (positional, options, problem) = Split(words[1..]);
        if (problem is not null)
            return new Invalid(problem);

        return words[0].ToLowerInvariant() switch
        {
            "/generate" => Generate(string.Join(' ', positional), options),
            "/train" => Train(options),
            "/status" => WithJobId(positional, id => new Status(id)),
            "/cancel" => WithJobId(positional, id => new Cancel(id)),
            "/help" => new ShowHelp(),
            var other => new Invalid($"I don't know {other}. Try /help."),
        };
    }

    private static BotCommand Generate(string prompt, Dictionary<string, string> options)
    {
        if (prompt.Length == 0)
            return new Invalid("What should I draw? /generate <prompt>, e.g. /generate a red fox --steps 20");
        if (Unknown(options, "steps", "width", "height", "seed") is { } unknown)
            return unknown;
        var input = new Dictionary<string, object> { ["prompt"] = prompt };
        foreach (var (name, value) in options)
        {
            if (!int.TryParse(value, NumberStyles.Integer, CultureInfo.InvariantCulture, out var number))
                return new Invalid($"--{name} takes a whole number, not '{value}'.");
            input[name] = number;
        }
        return new Submit(new SubmitJobRequest("generation", JsonSerializer.SerializeToElement(input)), $"image of '{prompt}'");
    }

    private static BotCommand Train(Dictionary<string, string> options)
    {
        if (Unknown(options, "epochs", "learning-rate") is { } unknown)
            return unknown;
        var input = new Dictionary<string, object>();
        if (options.TryGetValue("epochs", out var epochs))
        {
            if (!int.TryParse(epochs, NumberStyles.Integer, CultureInfo.InvariantCulture, out var count))
                return new Invalid($"--epochs takes a whole number, not '{epochs}'.");
            input["epochs"] = count;
        }
        if (options.TryGetValue("learning-rate", out var rate))
        {
            if (!double.TryParse(rate, NumberStyles.Float, CultureInfo.InvariantCulture, out var value))
                return new Invalid($"--learning-rate takes a number, not '{rate}'.");
            input["learningRate"] = value;
        }
        return new Submit(new SubmitJobRequest("training", JsonSerializer.SerializeToElement(input)), "training run");
    }

    private static BotCommand WithJobId(List<string> positional, Func<Guid, BotCommand> command) =>
        positional is [var text] && Guid.TryParse(text, out var id) ? command(id) : new Invalid("Give me the job's id, e.g. /status 0193…");

    private static Invalid? Unknown(Dictionary<string, string> options, params string[] known) =>
        options.Keys.FirstOrDefault(name => !known.Contains(name)) is { } name
            ? new Invalid($"--{name} is not an option here; options: {string.Join(", ", known.Select(k => "--" + k))}.")
            : null;

    private static (List<string> Positional, Dictionary<string, string> Options, string? Problem) Split(string[] words)
    {
        var positional = new List<string>();
        var options = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        for (var i = 0; i < words.Length; i++)
        {
            if (!words[i].StartsWith("--", StringComparison.Ordinal))
            {
                positional.Add(words[i]);
                continue;
            }
            if (i + 1 >= words.Length)
                return (positional, options, $"{words[i]} needs a value.");
            options[words[i][2..]] = words[++i];
        }
        return (positional, options, null);
    }
}
