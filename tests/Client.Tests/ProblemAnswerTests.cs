using System.Net;

namespace ComputeUtility.Client.Tests;

/// <summary>Answers a utility might give that the in-process one does not: a proxy's HTML, a Retry-After.</summary>
public sealed class ProblemAnswerTests
{
    [Fact]
    public async Task An_error_answer_that_is_not_a_problem_object_is_thrown_with_its_status()
    {
        using var response = new HttpResponseMessage(HttpStatusCode.BadGateway)
        {
            Content = new StringContent("<html>proxy</html>", Encoding.UTF8, "text/html"),
            ReasonPhrase = "Bad Gateway",
        };

        var problem = await ProblemAnswer.ReadAsync(response, CancellationToken.None);

        problem.Should().BeOfType<UtilityProblemException>();
        problem.Status.Should().Be(502);
        problem.Type.Should().Be("about:blank");
        problem.Title.Should().Be("Bad Gateway");
    }

    [Fact]
    public async Task A_full_utility_is_thrown_as_busy_with_its_retry_after()
    {
        using var response = new HttpResponseMessage(HttpStatusCode.ServiceUnavailable)
        {
            Content = new StringContent("""{"type":"urn:compute-utility:problem:worker-limit-reached","title":"Too many workers","status":503,"detail":"8 run","limit":8}""",
                Encoding.UTF8, "application/problem+json"),
            Headers = { RetryAfter = new System.Net.Http.Headers.RetryConditionHeaderValue(TimeSpan.FromSeconds(3)) },
        };

        var problem = await ProblemAnswer.ReadAsync(response, CancellationToken.None);

        problem.Should().BeOfType<UtilityBusyException>();
        problem.Name.Should().Be("worker-limit-reached");
        problem.RetryAfter.Should().Be(TimeSpan.FromSeconds(3));
        problem.Problem!.Value.GetProperty("limit").GetInt32().Should().Be(8);
        problem.Message.Should().Contain("8 run");
    }
}
