using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Platform.Host.Defaults;
using Platform.Storage.Outcomes;

namespace Platform.UnitTests.Outcomes;

public sealed class AnswersTests
{
    public static TheoryData<RefusalKind, int> StatusOfEachKind => new()
    {
        { RefusalKind.NotFound, StatusCodes.Status404NotFound },
        { RefusalKind.Forbidden, StatusCodes.Status403Forbidden },
        { RefusalKind.Conflict, StatusCodes.Status409Conflict },
        { RefusalKind.Unauthenticated, StatusCodes.Status401Unauthorized },
        { RefusalKind.Gone, StatusCodes.Status410Gone },
        { RefusalKind.TooMany, StatusCodes.Status429TooManyRequests },
        { RefusalKind.TooLarge, StatusCodes.Status413PayloadTooLarge },
        { RefusalKind.PaymentRequired, StatusCodes.Status402PaymentRequired },
    };

    [Theory]
    [MemberData(nameof(StatusOfEachKind))]
    public void A_refusal_is_answered_as_a_problem_with_the_status_of_its_kind_and_its_code(RefusalKind kind, int status)
    {
        Outcome<string> refused = new Refusal(kind, "some_code", "Some title.", "Some detail.");

        var problem = refused.Ok().Result.Should().BeOfType<ProblemHttpResult>().Subject;

        problem.StatusCode.Should().Be(status);
        problem.ProblemDetails.Title.Should().Be("Some title.");
        problem.ProblemDetails.Detail.Should().Be("Some detail.");
        problem.ProblemDetails.Extensions["code"].Should().Be("some_code");
    }

    [Fact]
    public void Every_kind_but_invalid_has_its_status()
    {
        Enum.GetValues<RefusalKind>().Except([RefusalKind.Invalid]).Should().BeEquivalentTo(StatusOfEachKind.Select(row => (RefusalKind)row[0]));
    }

    [Fact]
    public void An_invalid_refusal_is_answered_as_a_validation_problem_naming_its_fields()
    {
        Outcome<string> refused = Refusal.Invalid(new Dictionary<string, string[]> { ["steps"] = ["must be between 1 and 100."], ["type"] = ["is required."] },
            "The job was not accepted.");

        var problem = refused.Ok().Result.Should().BeOfType<ValidationProblem>().Subject;

        problem.StatusCode.Should().Be(StatusCodes.Status400BadRequest);
        problem.ProblemDetails.Title.Should().Be("The job was not accepted.");
        problem.ProblemDetails.Extensions["code"].Should().Be("validation_failed");
        problem.ProblemDetails.Errors.Should().BeEquivalentTo(new Dictionary<string, string[]>
        {
            ["steps"] = ["must be between 1 and 100."],
            ["type"] = ["is required."],
        });
    }

    [Fact]
    public void Refused_answers_an_invalid_refusal_as_a_validation_problem_and_any_other_as_a_problem()
    {
        Answers.Refused(Refusal.Invalid("name", "is required.")).Result.Should().BeOfType<ValidationProblem>()
            .Which.ProblemDetails.Errors.Should().ContainKey("name");
        Answers.Refused(Refusal.Conflict("in_use", "In use.")).Result.Should().BeOfType<ProblemHttpResult>()
            .Which.StatusCode.Should().Be(StatusCodes.Status409Conflict);
    }

    [Fact]
    public void A_success_is_answered_as_the_endpoint_says()
    {
        Outcome<int> succeeded = 7;

        succeeded.Answer(value => TypedResults.Accepted($"/things/{value}", value)).Result.Should().BeOfType<Accepted<int>>()
            .Which.Should().BeEquivalentTo(new { Location = "/things/7", Value = 7 });
        succeeded.Ok().Result.Should().BeOfType<Ok<int>>().Which.Value.Should().Be(7);
        succeeded.NoContent().Result.Should().BeOfType<NoContent>();
        succeeded.Created(value => $"/things/{value}").Result.Should().BeOfType<Created<int>>().Which.Location.Should().Be("/things/7");
    }

    [Fact]
    public void A_refusal_is_answered_without_calling_the_success_answer()
    {
        Outcome<int> refused = Refusal.NotFound();

        refused.Answer<int, Ok<int>>(_ => throw new InvalidOperationException("A refusal has no value to answer.")).Result
            .Should().BeOfType<ProblemHttpResult>().Which.StatusCode.Should().Be(StatusCodes.Status404NotFound);
    }
}
