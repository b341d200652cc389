using Platform.Jobs.Training;

namespace Platform.UnitTests.Jobs;

public sealed class LinearRegressionTests
{
    [Fact]
    public void A_gradient_step_lowers_the_loss()
    {
        var data = LinearRegression.Synthetic(samples: 100, features: 3, seed: 5);
        var model = new LinearRegression(features: 3);
        var before = model.Loss(data);

        var after = model.Step(data, learningRate: 0.05);

        after.Should().BeLessThan(before);
    }

    [Fact]
    public void Synthetic_data_is_the_same_for_the_same_seed()
    {
        var first = LinearRegression.Synthetic(samples: 20, features: 2, seed: 8);
        var again = LinearRegression.Synthetic(samples: 20, features: 2, seed: 8);

        again.Select(s => (s.X[0], s.X[1], s.Y)).Should().Equal(first.Select(s => (s.X[0], s.X[1], s.Y)));
    }

    [Fact]
    public void Predict_is_the_weighted_sum_plus_the_bias()
    {
        var model = new LinearRegression(features: 2);
        var data = new List<TrainingSample> { new([1, 0], 3), new([0, 1], -1), new([0, 0], 0.5) };
        for (var epoch = 0; epoch < 3000; epoch++)
            model.Step(data, learningRate: 0.2);

        model.Predict([2, 2]).Should().BeApproximately(2 * model.Weights[0] + 2 * model.Weights[1] + model.Bias, 1e-12);
        model.Loss(data).Should().BeLessThan(1e-9, "three points in two features plus a bias fit exactly");
    }
}
