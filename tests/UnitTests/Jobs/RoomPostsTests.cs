using System.Text.Json;
using Platform.Contracts.Jobs;
using Platform.Jobs.Model;
using Platform.Jobs.Rooms;

namespace Platform.UnitTests.Jobs;

/// <summary>What a job's events post to its room, from the job's state and the events alone, as they are folded before an append.</summary>
public sealed class RoomPostsTests
{
    private static readonly DateTimeOffset Now = new(2026, 11, 29, 12, 0, 0, TimeSpan.Zero);
    private static readonly Guid JobId = Guid.Parse("0193a6b2-c4d8-7e1f-9a0b-1c2d3e4f5a6b");

    [Fact]
    public void A_job_reporting_every_percent_posts_its_start_one_message_a_step_and_its_end()
    {
        var job = Queued();
        var texts = new List<string>();
        texts.AddRange(Append(ref job, new JobStarted(1, "host-a", false, Now)));
        for (var percent = 1; percent <= 100; percent++)
            texts.AddRange(Append(ref job, Progress(percent)));
        texts.AddRange(Append(ref job, new JobSucceeded(null, [], Now)));

        texts.Should().Equal(
            "generation job 3e4f5a6b started",
            "generation job 3e4f5a6b at 25%",
            "generation job 3e4f5a6b at 50%",
            "generation job 3e4f5a6b at 75%",
            "generation job 3e4f5a6b succeeded");
    }

    [Fact]
    public void Progress_passing_several_steps_at_once_posts_once_and_a_step_is_never_told_twice()
    {
        var job = Running(progressEvery: 25);

        Append(ref job, Progress(10, "warming up"), Progress(60, "half way")).Should().Equal("generation job 3e4f5a6b at 60%: half way");
        Append(ref job, Progress(30)).Should().BeEmpty("progress going back tells nothing");
        Append(ref job, Progress(70)).Should().BeEmpty("50% was told already");
        Append(ref job, Progress(80)).Should().Equal("generation job 3e4f5a6b at 80%");
        Append(ref job, Progress(100)).Should().BeEmpty("the end is told by the job's end");
    }

    [Fact]
    public void A_retry_tells_the_failure_and_the_next_attempt_its_steps_again_while_a_recovered_run_repeats_nothing()
    {
        var job = Running(maxAttempts: 2, progressEvery: 50);
        var retryAt = Now.AddSeconds(5);

        Append(ref job, Progress(55)).Should().Equal("generation job 3e4f5a6b at 55%");
        Append(ref job, new JobRetryScheduled(1, "GPU lost", retryAt, Now))
            .Should().Equal("generation job 3e4f5a6b attempt 1 failed: GPU lost; retrying at 12:00:05 UTC");
        Append(ref job, new JobStarted(2, "host-b", false, retryAt)).Should().Equal("generation job 3e4f5a6b started (attempt 2)");
        Append(ref job, Progress(60)).Should().Equal("generation job 3e4f5a6b at 60%");
        Append(ref job, new JobStarted(2, "host-c", true, retryAt)).Should().BeEmpty("a run resumed after its host went is the same attempt");
        Append(ref job, Progress(70)).Should().BeEmpty();
        Append(ref job, new JobFailed("GPU lost again", Now)).Should().Equal("generation job 3e4f5a6b failed: GPU lost again");
    }

    [Fact]
    public void An_end_tells_the_artifacts_and_output_the_error_or_why_it_was_cancelled()
    {
        var artifacts = new List<JobArtifact> { new("image.png", "image/png", 1200), new("mask.png", "image/png", 300) };
        var output = JsonSerializer.SerializeToElement(new { width = 256, seed = 7 });

        Ended(new JobSucceeded(output, artifacts, Now)).Should().Equal("generation job 3e4f5a6b succeeded: image.png, mask.png; {\"width\":256,\"seed\":7}");
        Ended(new JobSucceeded(JsonSerializer.SerializeToElement(new string('x', 1000)), [], Now)).Single().Length
            .Should().BeLessThan(400, "a summary is short however large the output");
        Ended(new JobFailed("out of memory", Now)).Should().Equal("generation job 3e4f5a6b failed: out of memory");
        Ended(new JobCancelled("cancelled by request", Now)).Should().Equal("generation job 3e4f5a6b cancelled: cancelled by request");
    }

    [Fact]
    public void A_job_without_a_room_posts_nothing()
    {
        var job = JobView.Create(new JobSubmitted("generation", JsonSerializer.SerializeToElement(new { }), 5, "owner", Now));

        RoomPosts.For(job).Should().BeNull();
    }

    private static List<string> Ended(object end)
    {
        var job = Running();
        return Append(ref job, end);
    }

    // As the job store folds one append: a fresh fold of the job as stored, each event with the state right after it.
    private static List<string> Append(ref JobView job, params object[] events)
    {
        var posts = RoomPosts.For(job)!;
        var state = job.Copy();
        foreach (var @event in events)
        {
            state.When(@event);
            state.Version++;
            posts.Add(@event, state);
        }
        job = state;
        return posts.Posts.Select(p => p.Text).ToList();
    }

    private static JobProgressed Progress(double percent, string? message = null) => new(percent, message, null, Now);

    private static JobView Queued(int maxAttempts = 1, int progressEvery = 25)
    {
        var job = JobView.Create(new JobSubmitted("generation", JsonSerializer.SerializeToElement(new { prompt = "a fox" }), 5, "owner", Now,
            MaxAttempts: maxAttempts, Room: new JobRoom(Guid.NewGuid(), progressEvery)));
        (job.Id, job.Version) = (JobId, 1);
        return job;
    }

    private static JobView Running(int maxAttempts = 1, int progressEvery = 25)
    {
        var job = Queued(maxAttempts, progressEvery);
        Append(ref job, new JobStarted(1, "host-a", false, Now));
        return job;
    }
}
