using Platform.Storage.Outcomes;

namespace Platform.UnitTests.Outcomes;

public sealed class OutcomeTests
{
    [Fact]
    public void A_value_succeeds_and_holds_it()
    {
        Outcome<string> outcome = "done";

        outcome.Succeeded.Should().BeTrue();
        outcome.Refusal.Should().BeNull();
        outcome.Value.Should().Be("done");
    }

    [Fact]
    public void Map_turns_the_value_of_a_success()
    {
        Outcome<int> outcome = 20;

        outcome.Map(value => value * 2).Value.Should().Be(40);
    }

    [Fact]
    public void Map_keeps_a_refusal_as_it_is_without_calling_the_map()
    {
        var refusal = Refusal.Conflict("job_finished", "The job has already finished.");
        Outcome<int> outcome = refusal;

        var mapped = outcome.Map<string>(_ => throw new InvalidOperationException("A refusal has nothing to map."));

        mapped.Succeeded.Should().BeFalse();
        mapped.Refusal.Should().BeSameAs(refusal);
    }

    [Fact]
    public void Value_of_a_refusal_throws_naming_its_code()
    {
        Outcome<int> outcome = Refusal.TooMany("queue_quota_reached", "Too many jobs queued.");

        var asking = () => outcome.Value;

        asking.Should().Throw<InvalidOperationException>().WithMessage("*queue_quota_reached*");
    }

    [Fact]
    public void Reason_is_each_field_s_errors_else_the_detail_else_the_title()
    {
        Refusal.Invalid(new Dictionary<string, string[]> { ["a"] = ["is wrong.", "is long."], ["b"] = ["is required."] }).Reason
            .Should().Be("a: is wrong. is long. b: is required.");
        Refusal.Gone("link_expired", "This link has expired.", "It worked until yesterday.").Reason.Should().Be("It worked until yesterday.");
        Refusal.Gone("link_used", "This link worked once and has been used.").Reason.Should().Be("This link worked once and has been used.");
    }
}
