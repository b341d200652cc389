using Platform.Contracts.Jobs;
using Platform.Storage.Metrics;

namespace Platform.Jobs.Metrics;

/// <summary>
/// One metric's values of one job, held to <c>maxPoints</c> and thinned evenly: a value's step is how many values came
/// before it; while there is room every one is kept, and when there is none the stride doubles and only the points
/// whose step is a multiple of it stay. So the series always spans the whole run at an even spacing, the first point
/// is always kept, and so is the last reported, whatever its step, until a newer one takes its place.
/// </summary>
public sealed class MetricSeries
{
    private readonly int _maxPoints;
    private readonly List<MetricPoint> _points;

    public MetricSeries(int maxPoints, StoredSeries? stored = null)
    {
        if (maxPoints < 2)
            throw new ArgumentOutOfRangeException(nameof(maxPoints), maxPoints, "A series keeps at least its first and its last point.");
        stored ??= StoredSeries.Empty;
        (_maxPoints, Stride, Reported, _points) = (maxPoints, stored.Stride, stored.Reported, [.. stored.Points]);
    }

    /// <summary>Past the bound, only points whose step is a multiple of this are kept (and the last).</summary>
    public long Stride { get; private set; }

    /// <summary>How many values were reported: the step the next one gets.</summary>
    public long Reported { get; private set; }

    public IReadOnlyList<MetricPoint> Points => _points;

    public void Add(double value, DateTimeOffset at) => Place(new MetricPoint(Reported, value, at));

    /// <summary>Adds the values of <paramref name="later"/>, reported after all of this one's, each step counted on from here.</summary>
    public void Append(MetricSeries later)
    {
        var offset = Reported;
        foreach (var point in later.Points)
            Place(point with { Step = offset + point.Step });
        Reported = offset + later.Reported;
    }

    public StoredSeries ToStored() => new(Stride, Reported, [.. _points]);

    private void Place(MetricPoint point)
    {
        // The last point is kept off the stride only while it is the last.
        if (_points.Count > 0 && _points[^1].Step % Stride != 0)
            _points.RemoveAt(_points.Count - 1);
        _points.Add(point);
        Reported = point.Step + 1;
        while (_points.Count > _maxPoints)
        {
            Stride *= 2;
            var stride = Stride;
            _points.RemoveAll(p => p.Step % stride != 0 && p != point);
        }
    }
}
