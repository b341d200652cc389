using System.Net;
using System.Net.Http.Headers;
using Platform.Client;

namespace Platform.UnitTests.Client;

public sealed class RetryPolicyTests
{
    private static readonly RetryPolicy Policy = RetryPolicy.Default;

    [Fact]
    public void A_429_is_retried_after_the_wait_Retry_After_names()
    {
        var delay = Policy.DelayBeforeRetry(Answer(HttpStatusCode.TooManyRequests, HttpMethod.Post, TimeSpan.FromSeconds(2)), 0, idempotencyKeySent: false);

        delay.Should().Be(TimeSpan.FromSeconds(2));
    }

    [Fact]
    public void A_Retry_After_date_is_waited_for()
    {
        var response = Answer(HttpStatusCode.TooManyRequests, HttpMethod.Get);
        response.Headers.RetryAfter = new RetryConditionHeaderValue(DateTimeOffset.UtcNow.AddSeconds(5));

        Policy.DelayBeforeRetry(response, 0, false).Should().BeCloseTo(TimeSpan.FromSeconds(5), TimeSpan.FromSeconds(1.5));
    }

    [Fact]
    public void Without_Retry_After_the_wait_doubles_from_half_a_second()
    {
        var response = Answer(HttpStatusCode.ServiceUnavailable, HttpMethod.Get);

        Enumerable.Range(0, 3).Select(retry => Policy.DelayBeforeRetry(response, retry, false))
            .Should().Equal(TimeSpan.FromMilliseconds(500), TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(2));
    }

    [Fact]
    public void A_503_to_a_submit_is_retried_only_under_an_idempotency_key_since_the_job_may_have_been_stored()
    {
        var response = Answer(HttpStatusCode.ServiceUnavailable, HttpMethod.Post, TimeSpan.FromSeconds(1));

        Policy.DelayBeforeRetry(response, 0, idempotencyKeySent: false).Should().BeNull();
        Policy.DelayBeforeRetry(response, 0, idempotencyKeySent: true).Should().Be(TimeSpan.FromSeconds(1));
    }

    [Fact]
    public void The_client_gives_up_after_its_retries_or_when_the_wait_is_too_long()
    {
        Policy.DelayBeforeRetry(Answer(HttpStatusCode.TooManyRequests, HttpMethod.Get, TimeSpan.FromSeconds(1)), 3, false).Should().BeNull();
        Policy.DelayBeforeRetry(Answer(HttpStatusCode.TooManyRequests, HttpMethod.Get, TimeSpan.FromMinutes(5)), 0, false).Should().BeNull();
        RetryPolicy.None.DelayBeforeRetry(Answer(HttpStatusCode.TooManyRequests, HttpMethod.Get, TimeSpan.FromSeconds(1)), 0, false).Should().BeNull();
    }

    [Theory]
    [InlineData(HttpStatusCode.OK)]
    [InlineData(HttpStatusCode.BadRequest)]
    [InlineData(HttpStatusCode.InternalServerError)]
    public void Other_answers_reach_the_caller_as_they_are(HttpStatusCode status) =>
        Policy.DelayBeforeRetry(Answer(status, HttpMethod.Get, TimeSpan.FromSeconds(1)), 0, false).Should().BeNull();

    private static HttpResponseMessage Answer(HttpStatusCode status, HttpMethod method, TimeSpan? retryAfter = null)
    {
        var response = new HttpResponseMessage(status) { RequestMessage = new HttpRequestMessage(method, "http://platform.test/api/v1/jobs") };
        if (retryAfter is { } delta)
            response.Headers.RetryAfter = new RetryConditionHeaderValue(delta);
        return response;
    }
}
