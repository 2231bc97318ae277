namespace ComputeUtility.Server.Tests.RateLimits;

/// <summary>
/// Per-client budgets on real Kestrel, with loopback counted like any client: a work budget of 3 at once
/// and 1 a second, so a handful of requests spends it. Each test makes its own utility (budgets are state).
/// </summary>
public sealed class RateLimitTests
{
    private static readonly Dictionary<string, string?> SmallBudgets = new()
    {
        ["RateLimits:ExemptLoopback"] = "false",
        ["RateLimits:Work:Burst"] = "3",
        ["RateLimits:Work:PerSecond"] = "1",
    };

    [Fact]
    [Requirement("CU-RATE-2", "CU-RATE-4")]
    public async Task CU_RATE_2_past_its_work_budget_a_client_gets_429_rate_limited_with_retry_after_and_the_budget_named()
    {
        await using var utility = new UtilityFactory(SmallBudgets);
        using var client = utility.Start();

        var served = new List<HttpStatusCode>();
        for (var i = 0; i < 3; i++)
        {
            served.Add((await client.PostAsJsonAsync("/v1/tasks", new { })).StatusCode);
        }

        var refused = await client.PostAsJsonAsync("/v1/tasks", new { });

        served.Should().AllBeEquivalentTo(HttpStatusCode.BadRequest, "the burst of 3 is served (and the empty body refused)");
        var problem = await refused.ShouldBeProblemAsync("rate-limited", HttpStatusCode.TooManyRequests);
        problem.GetProperty("budget").GetString().Should().Be("work");
        problem.GetProperty("limit").GetInt32().Should().Be(3);
        refused.Headers.RetryAfter!.Delta.Should().BeGreaterThanOrEqualTo(TimeSpan.FromSeconds(1));
    }

    [Fact]
    [Requirement("CU-RATE-4")]
    public async Task CU_RATE_4_after_retry_after_seconds_the_budget_has_room_again()
    {
        await using var utility = new UtilityFactory(SmallBudgets);
        using var client = utility.Start();
        HttpResponseMessage refused;
        do
        {
            refused = await client.PostAsJsonAsync("/v1/workers", new { });
        }
        while (refused.StatusCode != HttpStatusCode.TooManyRequests);

        // The limiter's refill runs on its own timer (it takes no TimeProvider): this test waits the real second.
        await Task.Delay(refused.Headers.RetryAfter!.Delta!.Value + TimeSpan.FromMilliseconds(200));
        var again = await client.PostAsJsonAsync("/v1/workers", new { });

        again.StatusCode.Should().Be(HttpStatusCode.BadRequest);
    }

    [Fact]
    [Requirement("CU-RATE-5")]
    public async Task CU_RATE_5_a_spent_work_budget_leaves_the_cheap_budget_and_other_clients_untouched()
    {
        await using var utility = new UtilityFactory(SmallBudgets);
        using var client = utility.Start();
        for (var i = 0; i < 4; i++)
        {
            await client.PostAsJsonAsync("/v1/tasks", new { });
        }

        var spent = await client.PostAsJsonAsync("/v1/tasks", new { });
        var descriptor = await client.GetAsync("/.well-known/compute-utility");
        using var other = FromAddress(utility.BaseUri, IPAddress.Parse("127.0.0.2"));
        var otherClient = await other.PostAsJsonAsync("/v1/tasks", new { });

        spent.StatusCode.Should().Be(HttpStatusCode.TooManyRequests);
        descriptor.StatusCode.Should().Be(HttpStatusCode.OK, "the descriptor counts against the separate requests budget");
        otherClient.StatusCode.Should().Be(HttpStatusCode.BadRequest, "127.0.0.2 is another client with its own budget");
    }

    [Fact]
    [Requirement("CU-RATE-6")]
    public async Task CU_RATE_6_preflights_do_not_count_against_a_budget()
    {
        await using var utility = new UtilityFactory(SmallBudgets);
        using var client = utility.Start();
        for (var i = 0; i < 20; i++)
        {
            using var preflight = new HttpRequestMessage(HttpMethod.Options, "/v1/tasks");
            preflight.Headers.Add("Origin", "https://page.example");
            preflight.Headers.Add("Access-Control-Request-Method", "POST");
            (await client.SendAsync(preflight)).StatusCode.Should().Be(HttpStatusCode.NoContent);
        }

        var first = await client.PostAsJsonAsync("/v1/tasks", new { });

        first.StatusCode.Should().Be(HttpStatusCode.BadRequest);
    }

    [Fact]
    [Requirement("CU-RATE-1", "CU-RATE-2")]
    public async Task CU_RATE_1_out_of_the_box_the_descriptor_publishes_the_default_budgets_and_they_are_enforced_on_loopback()
    {
        // Only the tests' own exemption is taken back: every budget is the shipped default.
        await using var utility = new UtilityFactory(new Dictionary<string, string?> { ["RateLimits:ExemptLoopback"] = "false" });
        using var client = utility.Start();

        var descriptor = await client.GetFromJsonAsync<JsonElement>("/.well-known/compute-utility");
        var statuses = await Task.WhenAll(Enumerable.Range(0, 140).Select(_ => client.PostAsJsonAsync("/v1/tasks", new { })));

        var rates = descriptor.GetProperty("rateLimits");
        rates.GetProperty("partition").GetString().Should().Be("client-address");
        rates.GetProperty("loopbackExempt").GetBoolean().Should().BeFalse();
        var budgets = rates.GetProperty("budgets").EnumerateArray().ToDictionary(b => b.GetProperty("name").GetString()!);
        budgets["work"].GetProperty("burst").GetInt32().Should().Be(100);
        budgets["work"].GetProperty("perSecond").GetInt32().Should().Be(20);
        budgets["work"].GetProperty("operations").EnumerateArray().Select(o => o.GetString())
            .Should().BeEquivalentTo("POST /v1/workers", "POST /v1/tasks", "POST /v1/workers/{id}/snapshots", "GET /v1/workers/{id}/snapshots/{snapshotId}");
        budgets["requests"].GetProperty("burst").GetInt32().Should().Be(2000);
        budgets["requests"].GetProperty("perSecond").GetInt32().Should().Be(1000);
        budgets["requests"].GetProperty("operations").EnumerateArray().Select(o => o.GetString()).Should().Equal("*");
        statuses.Count(s => s.StatusCode == HttpStatusCode.TooManyRequests).Should().BeInRange(1, 40, "140 at once pass a burst of 100");
        statuses.Count(s => s.StatusCode == HttpStatusCode.BadRequest).Should().BeGreaterThanOrEqualTo(100);
    }

    [Fact]
    [Requirement("CU-RATE-1")]
    public async Task CU_RATE_1_turned_off_the_descriptor_lists_no_budget_and_none_is_enforced()
    {
        await using var utility = new UtilityFactory(new Dictionary<string, string?>(SmallBudgets) { ["RateLimits:Enabled"] = "false" });
        using var client = utility.Start();

        var descriptor = await client.GetFromJsonAsync<JsonElement>("/.well-known/compute-utility");
        var statuses = await Task.WhenAll(Enumerable.Range(0, 10).Select(_ => client.PostAsJsonAsync("/v1/tasks", new { })));

        descriptor.GetProperty("rateLimits").GetProperty("budgets").GetArrayLength().Should().Be(0);
        statuses.Should().OnlyContain(s => s.StatusCode == HttpStatusCode.BadRequest);
    }

    /// <summary>A client whose connections leave from <paramref name="local"/> (any 127/8 address is this machine).</summary>
    private static HttpClient FromAddress(Uri baseUri, IPAddress local) => new(new SocketsHttpHandler
    {
        ConnectCallback = async (context, cancellationToken) =>
        {
            var socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
            socket.Bind(new IPEndPoint(local, 0));
            await socket.ConnectAsync(context.DnsEndPoint, cancellationToken);
            return new NetworkStream(socket, ownsSocket: true);
        },
    }) { BaseAddress = baseUri };
}
