using Platform.Jobs.Metrics;

namespace Platform.UnitTests.Jobs;

public sealed class MetricSeriesTests
{
    private static readonly DateTimeOffset Start = new(2026, 5, 1, 0, 0, 0, TimeSpan.Zero);

    private static MetricSeries Reported(int maxPoints, int values)
    {
        var series = new MetricSeries(maxPoints);
        for (var i = 0; i < values; i++)
            series.Add(i * 10.0, Start.AddSeconds(i));
        return series;
    }

    [Fact]
    public void Within_the_bound_every_value_is_kept_with_its_step()
    {
        var series = Reported(maxPoints: 10, values: 10);

        series.Points.Select(p => p.Step).Should().Equal(Enumerable.Range(0, 10).Select(i => (long)i));
        series.Points[3].Value.Should().Be(30);
        series.Points[3].At.Should().Be(Start.AddSeconds(3));
        series.Stride.Should().Be(1);
    }

    [Fact]
    public void Past_the_bound_every_other_point_goes_and_later_points_are_kept_at_the_doubled_stride()
    {
        var series = Reported(maxPoints: 10, values: 11);

        series.Stride.Should().Be(2);
        series.Points.Select(p => p.Step).Should().Equal(0, 2, 4, 6, 8, 10);

        series.Add(110, Start.AddSeconds(11));
        series.Points.Select(p => p.Step).Should().Equal([0L, 2, 4, 6, 8, 10, 11], "the last point reported is kept off the stride");
        series.Add(120, Start.AddSeconds(12));
        series.Points.Select(p => p.Step).Should().Equal([0L, 2, 4, 6, 8, 10, 12], "and gives way to the next");
    }

    [Theory]
    [InlineData(10, 1_000)]
    [InlineData(1000, 12_345)]
    [InlineData(2, 77)]
    public void A_long_series_stays_within_the_bound_evenly_spaced_from_first_to_last(int maxPoints, int values)
    {
        var series = Reported(maxPoints, values);

        series.Points.Should().HaveCountLessThanOrEqualTo(maxPoints);
        series.Points.Should().HaveCountGreaterThanOrEqualTo(maxPoints / 2);
        series.Points[0].Step.Should().Be(0);
        series.Points[^1].Step.Should().Be(values - 1);
        series.Points[^1].Value.Should().Be((values - 1) * 10.0);
        series.Reported.Should().Be(values);
        var evenly = series.Points.Take(series.Points.Count - 1).ToList();
        evenly.Zip(evenly.Skip(1), (a, b) => b.Step - a.Step).Should().AllBeEquivalentTo(series.Stride);
    }

    [Fact]
    public void Values_held_apart_and_appended_continue_the_steps_as_if_reported_to_one_series()
    {
        var stored = Reported(maxPoints: 10, values: 7);
        var later = Reported(maxPoints: 10, values: 7);

        stored.Append(later);

        var whole = Reported(maxPoints: 10, values: 14);
        stored.Reported.Should().Be(14);
        stored.Points.Select(p => p.Step).Should().Equal(whole.Points.Select(p => p.Step));
        new MetricSeries(10, stored.ToStored()).Points.Should().Equal(stored.Points);
    }
}
