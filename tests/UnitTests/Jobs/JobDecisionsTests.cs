using System.Text.Json;
using Platform.Contracts.Jobs;
using Platform.Jobs;
using Platform.Jobs.Model;

namespace Platform.UnitTests.Jobs;

/// <summary>A job's decisions, from its state and the time alone: no storage, no clock of their own.</summary>
public sealed class JobDecisionsTests
{
    private static readonly DateTimeOffset Now = new(2026, 11, 29, 12, 0, 0, TimeSpan.Zero);

    [Fact]
    public void Cancel_ends_a_queued_job_at_once_and_asks_a_running_one_to_stop()
    {
        JobDecisions.Cancel(Queued(), Now).Should().Equal(new JobCancelled("cancelled before it started", Now));
        JobDecisions.Cancel(Running(), Now).Should().Equal(new JobCancelRequested(Now));
        JobDecisions.Cancel(After(Running(), new JobCancelRequested(Now)), Now).Should().BeEmpty("it is already stopping");
        JobDecisions.Cancel(After(Running(), new JobSucceeded(null, [], Now)), Now).Should().BeEmpty("it is over");
    }

    [Fact]
    public void Retry_runs_again_only_a_job_that_failed_or_was_cancelled()
    {
        JobDecisions.Retry(After(Running(), new JobFailed("boom", Now)), Now).Should().Equal(new JobRetried(Now));
        JobDecisions.Retry(After(Queued(), new JobCancelled("by request", Now)), Now).Should().Equal(new JobRetried(Now));
        JobDecisions.Retry(Running(), Now).Should().BeEmpty();
        JobDecisions.Retry(After(Running(), new JobSucceeded(null, [], Now)), Now).Should().BeEmpty();
    }

    [Fact]
    public void A_run_past_its_timeout_has_timed_out_and_fails_by_the_rules_of_any_failure()
    {
        var limited = Queued(maxAttempts: 2);
        limited.Timeout = TimeSpan.FromMinutes(1);
        var running = After(limited, new JobStarted(1, "host-a", false, Now));

        JobDecisions.HasTimedOut(running, Now.AddSeconds(59)).Should().BeFalse();
        JobDecisions.HasTimedOut(running, Now.AddSeconds(61)).Should().BeTrue();
        JobDecisions.HasTimedOut(Running(), Now.AddDays(1)).Should().BeFalse("a job without a timeout runs as long as it takes");
        JobDecisions.TimeOut(running, _ => TimeSpan.FromSeconds(2), Now.AddSeconds(61))
            .Should().Equal(new JobRetryScheduled(1, "timed out after 00:01:00", Now.AddSeconds(63), Now.AddSeconds(61)));
    }

    [Fact]
    public void Progress_is_held_between_0_and_100_and_keeps_the_handlers_message_and_metrics()
    {
        var progressed = JobDecisions.Progress(42.5, "epoch 17/40", new Dictionary<string, double> { ["loss"] = 0.25 }, Now);
        (progressed.Percent, progressed.Message, progressed.At).Should().Be((42.5, "epoch 17/40", Now));
        progressed.Metrics.Should().Equal(new Dictionary<string, double> { ["loss"] = 0.25 });

        JobDecisions.Progress(140, null, null, Now).Percent.Should().Be(100);
        JobDecisions.Progress(-3, null, null, Now).Percent.Should().Be(0);
        JobDecisions.Progress(double.NaN, null, null, Now).Percent.Should().Be(0, "a handler's arithmetic gone wrong must not store NaN");
    }

    [Fact]
    public void Start_begins_the_next_attempt_recovers_a_job_whose_host_was_lost_and_ends_one_cancelled_meanwhile()
    {
        JobDecisions.Start(Queued(), "host-b", Now).Should().Equal(new JobStarted(1, "host-b", false, Now));
        JobDecisions.Start(Running(), "host-b", Now)
            .Should().ContainSingle().Which.Should().Be(new JobStarted(1, "host-b", true, Now), "the lease of its host ran out");
        JobDecisions.Start(After(Running(), new JobCancelRequested(Now)), "host-b", Now)
            .Should().Equal(new JobCancelled("cancelled before it started", Now, RunLost: true));
        JobDecisions.Start(After(Running(), new JobFailed("boom", Now)), "host-b", Now).Should().BeEmpty();
    }

    [Fact]
    public void A_failure_with_attempts_to_spare_is_retried_after_the_backoff_and_the_last_one_is_final()
    {
        var twoAttempts = Running(maxAttempts: 2);
        var retry = JobDecisions.Fail(twoAttempts, "boom", retry => TimeSpan.FromSeconds(10 * retry), Now);
        retry.Should().Equal(new JobRetryScheduled(1, "boom", Now.AddSeconds(10), Now));

        var secondAttempt = After(After(twoAttempts, retry[0]), new JobStarted(2, "host-a", false, Now));
        JobDecisions.Fail(secondAttempt, "boom again", _ => TimeSpan.FromSeconds(10), Now).Should().Equal(new JobFailed("boom again", Now));
        JobDecisions.Fail(After(twoAttempts, new JobCancelRequested(Now)), "boom", _ => TimeSpan.Zero, Now)
            .Should().ContainSingle().Which.Should().Be(new JobCancelled("cancelled by request", Now), "a job asked to stop is not retried");
    }

    [Fact]
    public void A_stopped_attempt_ends_cancelled_unless_its_host_is_shutting_down_which_requeues_it()
    {
        JobDecisions.Stop(Running(), hostShuttingDown: false, Now).Should().Equal(new JobCancelled("cancelled by request", Now));
        JobDecisions.Stop(Running(), hostShuttingDown: true, Now).Should().Equal(new JobRequeued("requeued: its host shut down", Now));
        JobDecisions.Stop(After(Running(), new JobCancelRequested(Now)), hostShuttingDown: true, Now)
            .Should().ContainSingle().Which.Should().Be(new JobCancelled("cancelled by request", Now), "the cancel was asked for before the shutdown");
    }

    [Fact]
    public void A_finished_job_leaves_its_deleted_project_once_and_an_unfinished_one_stays()
    {
        var project = Guid.NewGuid();
        var inProject = Queued();
        inProject.ProjectId = project;
        var finished = After(inProject, new JobCancelled("by request", Now));

        JobDecisions.LeaveProject(finished, project, Now).Should().Equal(new JobLeftProject(project, Now));
        After(finished, new JobLeftProject(project, Now)).ProjectId.Should().BeNull();
        JobDecisions.LeaveProject(After(finished, new JobLeftProject(project, Now)), project, Now).Should().BeEmpty("it has left already");
        JobDecisions.LeaveProject(inProject, project, Now).Should().BeEmpty("an unfinished job keeps its project from being deleted");
        JobDecisions.LeaveProject(finished, Guid.NewGuid(), Now).Should().BeEmpty("it is in another project");
    }

    private static JobView Queued(int maxAttempts = 1)
    {
        var submitted = new JobSubmitted("generation", JsonSerializer.SerializeToElement(new { prompt = "a fox" }), 0, "owner", Now,
            MaxAttempts: maxAttempts);
        var job = JobView.Create(submitted);
        job.Id = Guid.NewGuid();
        return job;
    }

    private static JobView Running(int maxAttempts = 1) => After(Queued(maxAttempts), new JobStarted(1, "host-a", false, Now));

    private static JobView After(JobView job, object @event)
    {
        var next = job.Copy();
        next.When(@event);
        return next;
    }
}
