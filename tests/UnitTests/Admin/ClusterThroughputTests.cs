using Platform.Storage.Hosts;

namespace Platform.UnitTests.Admin;

public sealed class ClusterThroughputTests
{
    private static readonly DateTimeOffset Start = new(2026, 11, 30, 12, 0, 0, TimeSpan.Zero);
    private static readonly TimeSpan GoneAfter = TimeSpan.FromSeconds(15);

    [Fact]
    public void The_cluster_rate_is_the_sum_of_each_hosts_rise_between_its_last_two_beats()
    {
        var throughput = new ClusterThroughput(TimeSpan.FromMinutes(10));
        throughput.Record([Beat("a", 0, 100, 10), Beat("b", 0, 50, 0)], GoneAfter, Start);

        var point = throughput.Record([Beat("a", 5, 150, 20), Beat("b", 2, 70, 0)], GoneAfter, Start.AddSeconds(5));

        point.SucceededPerSecond.Should().Be(50 / 5.0 + 20 / 2.0);
        point.FailedPerSecond.Should().Be(10 / 5.0);
    }

    [Fact]
    public void A_host_first_seen_counts_nothing_until_its_next_beat()
    {
        var throughput = new ClusterThroughput(TimeSpan.FromMinutes(10));

        throughput.Record([Beat("a", 0, 1_000, 1_000)], GoneAfter, Start).SucceededPerSecond.Should().Be(0);
    }

    [Fact]
    public void A_host_keeps_its_rate_between_beats_and_loses_it_once_gone_or_stopped()
    {
        var throughput = new ClusterThroughput(TimeSpan.FromMinutes(10));
        throughput.Record([Beat("a", 0, 0, 0), Beat("b", 0, 0, 0)], GoneAfter, Start);
        throughput.Record([Beat("a", 5, 50, 0), Beat("b", 5, 50, 0)], GoneAfter, Start.AddSeconds(5));

        throughput.Record([Beat("a", 5, 50, 0), Beat("b", 5, 50, 0)], GoneAfter, Start.AddSeconds(7)).SucceededPerSecond
            .Should().Be(20, "no new beat: each host's last rate stands");
        var gone = Beat("a", 5, 50, 0) with { Silent = GoneAfter + TimeSpan.FromSeconds(1) };
        var stopped = Beat("b", 5, 50, 0) with { StoppedAt = Start.AddSeconds(8) };
        throughput.Record([gone, stopped], GoneAfter, Start.AddSeconds(9)).SucceededPerSecond.Should().Be(0);
    }

    [Fact]
    public void The_history_keeps_the_points_within_its_length_oldest_first()
    {
        var throughput = new ClusterThroughput(TimeSpan.FromSeconds(10));
        for (var second = 0; second <= 30; second += 2)
            throughput.Record([], GoneAfter, Start.AddSeconds(second));

        throughput.History().Select(p => (p.At - Start).TotalSeconds).Should().Equal(20, 22, 24, 26, 28, 30);
    }

    private static HostRecord Beat(string name, double atSecond, long succeeded, long failed) => new(
        new HostBeat(name, "1.0", Start.AddHours(-1), 4, 0, 0, succeeded, failed), Start.AddSeconds(atSecond), TimeSpan.Zero, null);
}
