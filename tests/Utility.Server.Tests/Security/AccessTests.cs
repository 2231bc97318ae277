namespace ComputeUtility.Server.Tests.Security;

/// <summary>Who may reach the utility and what it keeps about them: the Host check against DNS rebinding, and logs without tokens.</summary>
public sealed class AccessTests
{
    [Theory]
    [Requirement("CU-SEC-6")]
    [InlineData("attacker.example", HttpStatusCode.BadRequest)]
    [InlineData("127.0.0.1.nip.io", HttpStatusCode.BadRequest)]
    [InlineData("localhost", HttpStatusCode.OK)]
    [InlineData("127.0.0.1", HttpStatusCode.OK)]
    [InlineData("[::1]", HttpStatusCode.OK)]
    public async Task CU_SEC_6_a_loopback_utility_answers_only_requests_whose_host_is_one_of_its_names(string host, HttpStatusCode expected)
    {
        await using var utility = new UtilityFactory();
        using var client = utility.Start();
        using var request = new HttpRequestMessage(HttpMethod.Get, "/.well-known/compute-utility");
        request.Headers.Host = $"{host}:{utility.BaseUri.Port}";

        var response = await client.SendAsync(request);

        response.StatusCode.Should().Be(expected);
        if (expected != HttpStatusCode.OK)
        {
            (await response.ShouldBeProblemAsync("invalid-request", expected)).GetProperty("detail").GetString().Should().Contain(host);
        }
    }

    [Fact]
    [Requirement("CU-SEC-2")]
    public async Task CU_SEC_2_worker_and_snapshot_tokens_never_reach_the_logs_even_with_the_utilitys_and_aspnet_cores_logs_at_trace()
    {
        var logs = new LogCapture();
        await using var origin = await TestOrigin.StartAsync();
        var echo = TestPackage.Publish(origin, "echo", Repo.Example("echo/echo.wasm"));
        await using var utility = new UtilityFactory(new Dictionary<string, string?>
        {
            ["Logging:LogLevel:Default"] = "Information",
            // An owner debugging may turn ASP.NET Core's request log on: it carries access_token in the query.
            ["Logging:LogLevel:Microsoft.AspNetCore"] = "Trace",
            ["Logging:LogLevel:ComputeUtility"] = "Trace",
        }, services => services.AddSingleton<ILoggerProvider>(logs));
        using var client = utility.Start();

        var worker = await CreatedWorker.CreateAsync(client, echo);
        var other = await CreatedWorker.CreateAsync(client, echo);
        await using (var channel = await ChannelClient.ConnectAsync(utility.BaseUri, worker))
        {
            await channel.SendJsonAsync("1");
            await channel.ReceiveKindAsync("message");
        }

        await client.SendAsync(worker.Request(HttpMethod.Post, "/messages", JsonContent.Create(2)));
        await client.SendAsync(worker.Request(HttpMethod.Get, "", token: other.Token));
        await client.GetAsync($"/v1/workers/{worker.Id}/events?access_token={worker.Token}&lastEventId=not-a-number");
        var snapshot = await (await client.SendAsync(worker.Request(HttpMethod.Post, "/snapshots"))).Content.ReadFromJsonAsync<JsonElement>();
        var snapshotToken = snapshot.GetProperty("token").GetString()!;
        await client.GetAsync(new Uri(snapshot.GetProperty("url").GetString()! + "?access_token=" + snapshotToken));
        await client.SendAsync(worker.Request(HttpMethod.Delete));

        var lines = logs.Lines;
        lines.Should().Contain(l => l.Contains(worker.Id, StringComparison.Ordinal), "the utility logs what it does with workers (the capture works)");
        foreach (var secret in new[] { worker.Token, other.Token, snapshotToken })
        {
            lines.Should().NotContain(l => l.Contains(secret, StringComparison.Ordinal));
        }
    }

    [Fact]
    [Requirement("CU-SEC-2")]
    public async Task CU_SEC_2_a_token_in_a_request_line_or_header_is_logged_without_the_token_whatever_level_and_provider_rule()
    {
        var logs = new LogCapture();
        await using var utility = new UtilityFactory(new Dictionary<string, string?>
        {
            // The bad-request lines quote what the client sent: at Trace for one category, at Debug for the rest.
            ["Logging:LogLevel:Default"] = "Trace",
            ["Logging:LogLevel:Microsoft.AspNetCore"] = "Trace",
            ["Logging:LogLevel:Microsoft.AspNetCore.Server.Kestrel"] = "Trace",
            ["Logging:LogLevel:Microsoft.AspNetCore.Server.Kestrel.BadRequests"] = "Trace",
            // A rule for one provider beats every rule without one, the request log's filter included.
            [$"Logging:{typeof(LogCapture).FullName}:LogLevel:Microsoft.AspNetCore"] = "Trace",
        }, services => services.AddSingleton<ILoggerProvider>(logs));
        using var client = utility.Start();
        var inQuery = "w-token-in-query-" + Guid.NewGuid().ToString("N");
        var inHeader = "w-token-in-header-" + Guid.NewGuid().ToString("N");

        foreach (var request in new[]
                 {
                     $"GET /v1/workers/w-1/events?lastEventId=1&access_token={inQuery} HTTP/1.1 x\r\nHost: 127.0.0.1\r\n\r\n",
                     $"GET /v1/workers/w-1/channel?access_token={inQuery} HTTP/1.1\r\nHost: 127.0.0.1\r\nAuthorization : Bearer {inHeader}\r\n\r\n",
                 })
        {
            using var connection = await RawConnection.OpenAsync(utility.BaseUri);
            await connection.TrySendAsync(request);
            (await connection.ReadResponseAsync(TimeSpan.FromSeconds(10))).Should().StartWith("HTTP/1.1 400");
        }

        await client.GetAsync($"/v1/workers/w-1/events?access_token={inQuery}");

        var lines = logs.Lines;
        lines.Should().Contain(l => l.Contains("Request starting", StringComparison.Ordinal), "the request log is on for the capture");
        lines.Should().Contain(l => l.Contains("Invalid request line", StringComparison.Ordinal), "Kestrel logs the bad request line (the capture works)");
        lines.Should().Contain(l => l.Contains("Invalid request header", StringComparison.Ordinal), "Kestrel logs the bad header line");
        lines.Should().NotContain(l => l.Contains(inQuery, StringComparison.Ordinal) || l.Contains(inHeader, StringComparison.Ordinal));
    }
}
