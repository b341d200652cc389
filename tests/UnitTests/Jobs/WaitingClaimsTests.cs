using Platform.Jobs.Remote;
using Platform.Storage.Queue;

namespace Platform.UnitTests.Jobs;

public sealed class WaitingClaimsTests
{
    [Fact]
    public void A_queued_job_wakes_the_claims_that_could_take_it_and_no_other()
    {
        var claims = new WaitingClaims();
        using var owners = claims.Add(["render"], onlyOwner: "ada");
        using var othersType = claims.Add(["summarize"], onlyOwner: "ada");
        using var strangers = claims.Add(["render"], onlyOwner: "bob");
        using var shared = claims.Add(["render", "summarize"], onlyOwner: null);
        var (ownersWake, othersTypeWake, strangersWake, sharedWake) = (owners.Next(), othersType.Next(), strangers.Next(), shared.Next());

        claims.Queued(new QueueNotice("ada", "render"));

        (ownersWake.IsCompleted, othersTypeWake.IsCompleted, strangersWake.IsCompleted, sharedWake.IsCompleted).Should().Be((true, false, false, true));
        claims.Woken.Should().Be(2);
        owners.Next().IsCompleted.Should().BeFalse("a claim that looked again waits for the next job");
    }

    [Fact]
    public void A_notice_that_names_no_job_wakes_every_claim()
    {
        var claims = new WaitingClaims();
        using var owners = claims.Add(["render"], onlyOwner: "ada");
        var wake = owners.Next();

        claims.Queued(QueueNotice.Parse(""));

        wake.IsCompleted.Should().BeTrue();
    }

    [Theory]
    [InlineData("0193a6b2-c4d8-7e1f-9a0b-1c2d3e4f5a6b", "mandelbrot", "notify platform_jobs, '0193a6b2-c4d8-7e1f-9a0b-1c2d3e4f5a6b mandelbrot'")]
    [InlineData("o'brien", "render", "notify platform_jobs, ''")]
    [InlineData("ada", "render; drop table x", "notify platform_jobs, ''")]
    public void A_notice_names_the_jobs_owner_and_type_only_as_a_plain_literal(string owner, string type, string sql)
    {
        QueueNotice.Sql(owner, type).Should().Be(sql);
        QueueNotice.Parse($"{owner} {type}").Should().Be(new QueueNotice(owner, type));
    }
}
