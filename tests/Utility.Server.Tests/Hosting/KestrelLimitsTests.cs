namespace ComputeUtility.Server.Tests.Hosting;

/// <summary>
/// Kestrel's connection limits against the real server, with raw sockets: clients that are slow or
/// oversized lose their connection or get a 4xx, while a normal client is served meanwhile.
/// </summary>
public sealed class KestrelLimitsTests(Xunit.Abstractions.ITestOutputHelper output) : IAsyncLifetime
{
    private UtilityFactory _factory = null!;
    private HttpClient _client = null!;

    public Task InitializeAsync()
    {
        _factory = new UtilityFactory(new Dictionary<string, string?>
        {
            ["Limits:RequestHeadersTimeoutMs"] = "1000",
            ["Limits:MaxRequestHeadersBytes"] = "8192",
            ["Limits:MaxRequestHeaders"] = "32",
            ["Limits:MinRequestBodyBytesPerSecond"] = "1000",
        });
        _client = _factory.Start();
        return Task.CompletedTask;
    }

    public async Task DisposeAsync()
    {
        _client.Dispose();
        await _factory.DisposeAsync();
    }

    [Fact]
    [Requirement("CU-SEC-12")]
    public async Task CU_SEC_12_a_slowloris_client_trickling_headers_is_cut_off_within_the_header_timeout_while_a_normal_client_is_served()
    {
        using var slow = await RawConnection.OpenAsync(_factory.BaseUri);
        await slow.TrySendAsync("GET /healthz HTTP/1.1\r\nHost: 127.0.0.1\r\n");
        var sent = 0;
        var trickling = Task.Run(async () =>
        {
            // One header line every 200 ms for 20 s, never the blank line that ends them.
            for (var i = 0; i < 100 && await slow.TrySendAsync($"X-Slow-{i}: a\r\n"); i++)
            {
                Interlocked.Increment(ref sent);
                await Task.Delay(200);
            }
        });

        var normal = await _client.GetAsync("/healthz");
        var (text, closed) = await slow.ReadUntilClosedAsync(TimeSpan.FromSeconds(30)); // a hang guard, past the 20 s of trickling
        var cutAfter = slow.Elapsed;
        output.WriteLine($"slowloris cut off after {cutAfter.TotalMilliseconds:0} ms (timeout 1000 ms)");

        normal.StatusCode.Should().Be(HttpStatusCode.OK);
        closed.Should().BeTrue("the server drops a client that has not finished its headers in time");
        // How soon is printed above, not asserted (a loaded machine stretches it): that it came while the client still trickled is.
        Volatile.Read(ref sent).Should().BeLessThan(100, "the server cut the client off while it was still sending headers, not after it stopped");
        // Kestrel answers itself, before any middleware runs: no problem body is possible here.
        text.Should().StartWith("HTTP/1.1 408 ").And.Contain("Content-Length: 0").And.Contain("Connection: close");
        await trickling;
    }

    [Fact]
    [Requirement("CU-SEC-12")]
    public async Task CU_SEC_12_headers_over_the_size_limit_get_431_from_kestrel()
    {
        using var connection = await RawConnection.OpenAsync(_factory.BaseUri);
        await connection.TrySendAsync($"GET /healthz HTTP/1.1\r\nHost: 127.0.0.1\r\nX-Big: {new string('a', 10_000)}\r\n\r\n");

        var response = await connection.ReadResponseAsync(TimeSpan.FromSeconds(5));

        response.Should().StartWith("HTTP/1.1 431 ");
        response.Should().Contain("Content-Length: 0", "Kestrel answers before any middleware runs, so the answer has no problem body")
            .And.Contain("Connection: close");
    }

    [Fact]
    [Requirement("CU-SEC-12")]
    public async Task CU_SEC_12_more_headers_than_allowed_get_431_from_kestrel()
    {
        using var connection = await RawConnection.OpenAsync(_factory.BaseUri);
        var headers = string.Concat(Enumerable.Range(0, 40).Select(i => $"X-H{i}: v\r\n"));
        await connection.TrySendAsync($"GET /healthz HTTP/1.1\r\nHost: 127.0.0.1\r\n{headers}\r\n");

        var response = await connection.ReadResponseAsync(TimeSpan.FromSeconds(5));

        response.Should().StartWith("HTTP/1.1 431 ");
    }

    [Theory]
    [Requirement("CU-API-3")]
    [InlineData(false)]
    [InlineData(true)]
    public async Task CU_API_3_a_body_over_the_limit_gets_413_problem_json_without_being_read(bool chunked)
    {
        using var connection = await RawConnection.OpenAsync(_factory.BaseUri);
        var framing = chunked ? "Transfer-Encoding: chunked" : $"Content-Length: {64L * 1024 * 1024}";
        await connection.TrySendAsync($"POST /v1/workers HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\n{framing}\r\n\r\n");
        if (chunked)
        {
            // 3 MiB in 64 KiB chunks, past the 2 MiB cap; the server may stop reading (and close) before the end.
            var chunk = $"10000\r\n{new string(' ', 0x10000)}\r\n";
            for (var i = 0; i < 48 && await connection.TrySendAsync(chunk); i++)
            {
            }
        }

        var response = await connection.ReadResponseAsync(TimeSpan.FromSeconds(10));

        response.Should().StartWith("HTTP/1.1 413 ");
        response.Should().Contain("application/problem+json").And.Contain("urn:compute-utility:problem:message-too-large");
    }

    [Fact]
    [Requirement("CU-SEC-12")]
    public async Task CU_SEC_12_a_body_arriving_slower_than_the_minimum_rate_is_dropped_with_408_problem_json()
    {
        using var connection = await RawConnection.OpenAsync(_factory.BaseUri);
        await connection.TrySendAsync("POST /v1/workers HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\nContent-Length: 100000\r\n\r\n{");
        var sent = 0;
        var trickling = Task.Run(async () =>
        {
            // 1 byte every 100 ms for 30 s: 10 B/s against a minimum of 1000 B/s (after Kestrel's 5 s grace).
            for (var i = 0; i < 300 && await connection.TrySendAsync(" "); i++)
            {
                Interlocked.Increment(ref sent);
                await Task.Delay(100);
            }
        });

        var normal = await _client.GetAsync("/healthz");
        var (text, closed) = await connection.ReadUntilClosedAsync(TimeSpan.FromSeconds(40)); // a hang guard, past the 30 s of trickling
        var droppedAfter = connection.Elapsed;
        output.WriteLine($"slow body dropped after {droppedAfter.TotalMilliseconds:0} ms (10 B/s against 1000 B/s, 5 s grace)");

        normal.StatusCode.Should().Be(HttpStatusCode.OK);
        closed.Should().BeTrue();
        // How soon is printed above, not asserted (a loaded machine stretches it): that it came while the body still trickled is.
        Volatile.Read(ref sent).Should().BeLessThan(300, "the server dropped the client while its body was still arriving, not after it stopped");
        text.Should().StartWith("HTTP/1.1 408 ").And.Contain("application/problem+json").And.Contain("urn:compute-utility:problem:request-timeout");
        await trickling;
    }
}
