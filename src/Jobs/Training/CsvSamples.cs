using System.Globalization;

namespace Platform.Jobs.Training;

/// <summary>Training samples from CSV text: each line its features, then its target; a first line that is not numbers is a header.</summary>
public static class CsvSamples
{
    public static async Task<IReadOnlyList<TrainingSample>> ReadAsync(Stream content, int maxSamples, int maxFeatures, CancellationToken ct)
    {
        using var reader = new StreamReader(content);
        var samples = new List<TrainingSample>();
        var lineNumber = 0;
        while (await reader.ReadLineAsync(ct) is { } line)
        {
            lineNumber++;
            if (string.IsNullOrWhiteSpace(line))
                continue;
            var cells = line.Split(',');
            var numbers = new double[cells.Length];
            var numeric = cells.Length > 1 && cells.Select((cell, i) => double.TryParse(cell.Trim(), NumberStyles.Float, CultureInfo.InvariantCulture, out numbers[i]))
                .All(parsed => parsed);
            if (!numeric)
            {
                if (lineNumber == 1)
                    continue;
                throw Bad(lineNumber, "must be two or more numbers separated by commas (features, then the target).");
            }
            if (numbers.Length - 1 > maxFeatures)
                throw Bad(lineNumber, $"has {numbers.Length - 1} features; a sample may have at most {maxFeatures}.");
            if (samples.Count > 0 && numbers.Length - 1 != samples[0].X.Length)
                throw Bad(lineNumber, $"has {numbers.Length - 1} features where the first sample has {samples[0].X.Length}.");
            if (samples.Count == maxSamples)
                throw new InvalidDataException($"The dataset has more than {maxSamples} samples.");
            samples.Add(new TrainingSample(numbers[..^1], numbers[^1]));
        }
        return samples.Count > 0 ? samples : throw new InvalidDataException("The dataset has no samples.");
    }

    private static InvalidDataException Bad(int line, string problem) => new($"Line {line} {problem}");
}
