namespace Platform.Jobs.Training;

/// <summary>A linear model fitted by full-batch gradient descent on mean squared error.</summary>
public sealed class LinearRegression(int features)
{
    public double[] Weights { get; } = new double[features];

    public double Bias { get; private set; }

    public double Loss(IReadOnlyList<TrainingSample> data)
    {
        var sum = 0.0;
        foreach (var sample in data)
        {
            var error = Predict(sample.X) - sample.Y;
            sum += error * error;
        }
        return sum / data.Count;
    }

    /// <summary>One gradient step over the whole dataset; returns the loss after it.</summary>
    public double Step(IReadOnlyList<TrainingSample> data, double learningRate)
    {
        var gradient = new double[Weights.Length];
        var biasGradient = 0.0;
        foreach (var sample in data)
        {
            var error = Predict(sample.X) - sample.Y;
            for (var j = 0; j < gradient.Length; j++)
                gradient[j] += error * sample.X[j];
            biasGradient += error;
        }
        var scale = 2.0 * learningRate / data.Count;
        for (var j = 0; j < Weights.Length; j++)
            Weights[j] -= scale * gradient[j];
        Bias -= scale * biasGradient;
        return Loss(data);
    }

    public double Predict(double[] x)
    {
        var y = Bias;
        for (var j = 0; j < Weights.Length; j++)
            y += Weights[j] * x[j];
        return y;
    }

    /// <summary>y = w·x + b + noise, with hidden weights and inputs drawn from <paramref name="seed"/>.</summary>
    public static List<TrainingSample> Synthetic(int samples, int features, int seed)
    {
        var random = new Random(seed);
        var weights = Enumerable.Range(0, features).Select(_ => random.NextDouble() * 4 - 2).ToArray();
        var bias = random.NextDouble() * 2 - 1;
        var data = new List<TrainingSample>(samples);
        for (var i = 0; i < samples; i++)
        {
            var x = Enumerable.Range(0, features).Select(_ => random.NextDouble() * 2 - 1).ToArray();
            var y = bias + x.Select((value, j) => value * weights[j]).Sum() + (random.NextDouble() - 0.5) * 0.1;
            data.Add(new TrainingSample(x, y));
        }
        return data;
    }
}
