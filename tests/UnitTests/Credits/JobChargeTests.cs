using System.Text.Json;
using Platform.Contracts.Credits;
using Platform.Jobs.Credits;
using Platform.Jobs.Model;

namespace Platform.UnitTests.Credits;

/// <summary>What a job holds and pays as its events fold: each attempt that ran pays its run and its time; lost runs pay nothing.</summary>
public sealed class JobChargeTests
{
    private static readonly JobPrice Price = new(PerRun: 10, PerSecond: 100);
    private static readonly DateTimeOffset T0 = new(2026, 12, 7, 12, 0, 0, TimeSpan.Zero);

    private static JobView Submitted(int attempts = 1) => JobView.Create(new JobSubmitted("flaky", JsonSerializer.SerializeToElement(new { }), 5, "owner", T0,
        MaxAttempts: attempts, Timeout: TimeSpan.FromSeconds(5), Price: Price));

    private static JobView Folded(JobView view, params object[] events)
    {
        foreach (var @event in events)
            view.When(@event);
        return view;
    }

    [Fact]
    public void The_most_a_job_can_cost_is_every_attempt_running_to_its_timeout()
    {
        JobCosts.MostFor(Price, TimeSpan.FromSeconds(5), 3).Should().Be((10 + 500) * 3);
        JobCosts.MostFor(null, TimeSpan.FromSeconds(5), 3).Should().Be(0);
        JobCosts.OfRun(Price, TimeSpan.FromMilliseconds(1)).Should().Be(11, "a started millisecond's share is rounded up");
        JobCosts.OfRun(Price, TimeSpan.FromMilliseconds(2500)).Should().Be(260);
        JobCosts.Effective(new JobPrice()).Should().BeNull("a price of nothing is no price");
    }

    [Fact]
    public void A_succeeded_job_pays_its_run_and_releases_the_rest()
    {
        var before = Submitted();
        var running = Folded(before.Copy(), new JobStarted(1, "h", false, T0));
        var done = Folded(running.Copy(), new JobSucceeded(null, [], T0.AddSeconds(2)));

        (before.Held, done.Held, done.Charged, done.RunSeconds).Should().Be((510L, 0L, 210L, 2.0));
        JobLedger.Changed(running, done).Select(e => (e.Kind, e.Amount, e.Held)).Should().Equal(("charge", -210L, -210L), ("release", 0L, -300L));
        JobLedger.Submitted(before).Should().ContainSingle().Which.Held.Should().Be(510);
    }

    [Fact]
    public void A_run_lost_with_its_host_is_not_charged_and_a_retried_attempt_pays_again()
    {
        var job = Folded(Submitted(attempts: 2),
            new JobStarted(1, "a", false, T0),
            new JobStarted(1, "b", true, T0.AddSeconds(30)),
            new JobRetryScheduled(1, "boom", T0.AddSeconds(32), T0.AddSeconds(31)),
            new JobStarted(2, "b", false, T0.AddSeconds(40)),
            new JobRequeued("requeued: its host shut down", T0.AddSeconds(41)),
            new JobStarted(2, "c", true, T0.AddSeconds(50)),
            new JobFailed("boom", T0.AddSeconds(50.5)));

        job.Charged.Should().Be(110 + 60, "attempt 1 paid its recovered run of 1 s, attempt 2 its resumed run of 0.5 s");
        (job.Held, job.RunSeconds).Should().Be((0L, 1.5));
    }

    [Fact]
    public void A_cancel_pays_for_what_ran_and_nothing_for_a_run_lost_before_it_took_effect()
    {
        var cancelledRunning = Folded(Submitted(), new JobStarted(1, "a", false, T0), new JobCancelRequested(T0.AddSeconds(1)),
            new JobCancelled("cancelled by request", T0.AddSeconds(1.2)));
        var cancelledLost = Folded(Submitted(), new JobStarted(1, "a", false, T0), new JobCancelRequested(T0.AddSeconds(1)),
            new JobCancelled("cancelled before it started", T0.AddSeconds(40), RunLost: true));
        var cancelledQueued = Folded(Submitted(), new JobCancelled("cancelled before it started", T0.AddSeconds(1)));

        cancelledRunning.Charged.Should().Be(130);
        (cancelledLost.Charged, cancelledLost.Held).Should().Be((0L, 0L));
        (cancelledQueued.Charged, cancelledQueued.Held).Should().Be((0L, 0L));
    }

    [Fact]
    public void A_manual_retry_holds_again_for_its_fresh_attempts()
    {
        var failed = Folded(Submitted(), new JobStarted(1, "a", false, T0), new JobFailed("boom", T0.AddSeconds(1)));
        var retried = Folded(failed.Copy(), new JobRetried(T0.AddSeconds(5)));

        retried.Held.Should().Be(510);
        JobLedger.Changed(failed, retried).Select(e => (e.Kind, e.Held)).Should().Equal(("hold", 510L));
    }
}
