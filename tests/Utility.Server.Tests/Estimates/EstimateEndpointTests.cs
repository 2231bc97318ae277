namespace ComputeUtility.Server.Tests.Estimates;

public sealed class EstimateEndpointTests(UtilityFixture utility) : IClassFixture<UtilityFixture>
{
    [Fact]
    public async Task A_package_never_run_gets_a_guess_based_on_no_runs()
    {
        var fresh = TestPackage.Publish(utility.Origin, "never-run", Guests.Grower);

        var estimate = await EstimateAsync(fresh, 100);

        estimate.GetProperty("basedOnRuns").GetInt32().Should().Be(0);
        estimate.GetProperty("confidence").GetDouble().Should().Be(0);
        estimate.GetProperty("totalMs").GetDouble().Should().BeApproximately(
            estimate.GetProperty("queueMs").GetDouble() + estimate.GetProperty("computeMs").GetDouble(), 0.01);
    }

    [Fact]
    public async Task Runs_of_a_worker_teach_the_estimate_for_its_messages()
    {
        var worker = await CreatedWorker.CreateAsync(utility.Client, utility.Echo);
        for (var i = 0; i < 20; i++)
        {
            (await utility.Client.SendAsync(worker.Request(HttpMethod.Post, "/messages", JsonContent.Create(new string('x', i * 100))))).StatusCode
                .Should().Be(HttpStatusCode.Accepted);
        }

        await WaitForRunsAsync(utility.Echo, 20);
        var estimate = await EstimateAsync(utility.Echo, 1000);

        estimate.GetProperty("basedOnRuns").GetInt32().Should().BeGreaterThanOrEqualTo(20);
        estimate.GetProperty("confidence").GetDouble().Should().BePositive();
        estimate.GetProperty("computeMs").GetDouble().Should().BeLessThan(100, "an echo takes microseconds");
    }

    [Theory]
    [InlineData("{\"integrity\":\"sha256-AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA=\",\"inputBytes\":1}")]
    [InlineData("{\"package\":\"https://app.example/m.json\",\"inputBytes\":1}")]
    [InlineData("{\"package\":\"https://app.example/m.json\",\"integrity\":\"sha256-AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA=\"}")]
    [InlineData("{\"package\":\"https://app.example/m.json\",\"integrity\":\"sha256-AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA=\",\"inputBytes\":-1}")]
    public async Task An_incomplete_request_is_a_400_problem(string body)
    {
        var response = await utility.Client.PostAsync("/v1/estimates", new StringContent(body, System.Text.Encoding.UTF8, "application/json"));

        await response.ShouldBeProblemAsync("invalid-request", HttpStatusCode.BadRequest);
    }

    [Theory]
    [Requirement("CU-EST-5")]
    [InlineData("\"inputBytes\": \"5\"")]
    [InlineData("\"inputBytes\": \"0x5\"")]
    [InlineData("\"InputBytes\": 5")]
    [InlineData("\"inputbytes\": 5")]
    public async Task CU_EST_5_input_bytes_as_a_string_or_spelled_in_another_case_is_a_400_problem(string inputBytes)
    {
        var body = $"{{\"package\": \"{utility.Echo.ManifestUrl}\", \"integrity\": \"{utility.Echo.Integrity}\", {inputBytes}}}";

        var response = await utility.Client.PostAsync("/v1/estimates", new StringContent(body, System.Text.Encoding.UTF8, "application/json"));

        await response.ShouldBeProblemAsync("invalid-request", HttpStatusCode.BadRequest);
    }

    [Fact]
    [Requirement("CU-EST-5")]
    public async Task CU_EST_5_a_package_member_spelled_in_another_case_leaves_the_package_missing()
    {
        var body = $"{{\"Package\": \"{utility.Echo.ManifestUrl}\", \"integrity\": \"{utility.Echo.Integrity}\", \"inputBytes\": 5}}";

        var response = await utility.Client.PostAsync("/v1/estimates", new StringContent(body, System.Text.Encoding.UTF8, "application/json"));

        await response.ShouldBeProblemAsync("invalid-request", HttpStatusCode.BadRequest);
    }

    private async Task<JsonElement> EstimateAsync(TestPackage package, long inputBytes)
    {
        var response = await utility.Client.PostAsJsonAsync("/v1/estimates",
            new { package = package.ManifestUrl, integrity = package.Integrity, inputBytes });
        response.StatusCode.Should().Be(HttpStatusCode.OK, await response.Content.ReadAsStringAsync());
        return await response.Content.ReadFromJsonAsync<JsonElement>();
    }

    private async Task WaitForRunsAsync(TestPackage package, int runs)
    {
        for (var i = 0; i < 100 && (await EstimateAsync(package, 0)).GetProperty("basedOnRuns").GetInt32() < runs; i++)
        {
            await Task.Delay(50);
        }
    }
}
