using System.Net;
using System.Net.Http.Json;
using ComputeUtility.Server.Tests.Infrastructure;

namespace ComputeUtility.Server.Tests.Workers;

/// <summary>The worker token goes in a URL only where a browser cannot send a header: the channel and the event stream.</summary>
public sealed class WorkerTokenQueryTests(UtilityFixture utility) : IClassFixture<UtilityFixture>
{
    [Theory]
    [Requirement("CU-WRK-18")]
    [InlineData("GET", "")]
    [InlineData("DELETE", "")]
    [InlineData("POST", "/messages")]
    [InlineData("POST", "/snapshots")]
    public async Task CU_WRK_18_a_token_in_the_query_of_any_other_worker_operation_is_answered_401(string method, string suffix)
    {
        var worker = await CreatedWorker.CreateAsync(utility.Client, utility.Echo);
        using var request = new HttpRequestMessage(new HttpMethod(method), $"/v1/workers/{worker.Id}{suffix}?access_token={Uri.EscapeDataString(worker.Token)}")
        {
            Content = method == "POST" ? JsonContent.Create(1) : null,
        };

        var response = await utility.Client.SendAsync(request);

        await response.ShouldBeProblemAsync("unauthorized", HttpStatusCode.Unauthorized);
    }

    [Fact]
    [Requirement("CU-CHAN-3", "CU-WRK-18")]
    public async Task CU_CHAN_3_the_event_stream_still_takes_the_token_from_the_query()
    {
        var worker = await CreatedWorker.CreateAsync(utility.Client, utility.Echo);

        using var response = await utility.Client.GetAsync($"/v1/workers/{worker.Id}/events?access_token={Uri.EscapeDataString(worker.Token)}",
            HttpCompletionOption.ResponseHeadersRead);

        response.StatusCode.Should().Be(HttpStatusCode.OK);
    }
}
