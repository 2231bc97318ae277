namespace ComputeUtility.Server.Tests.Hosting;

/// <summary>
/// One client cannot hold every connection: a silent connection is closed at the header timeout, and past its own
/// cap a client's new connection is closed at once while another client is still served.
/// </summary>
public sealed class ClientConnectionLimitTests
{
    private const string Health = "GET /healthz HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n";
    private const string HealthThenClose = "GET /healthz HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n";

    [Theory]
    [Requirement("CU-SEC-12")]
    [InlineData(false)]
    [InlineData(true)]
    public async Task CU_SEC_12_a_connection_silent_for_the_header_timeout_is_closed_without_an_answer(bool afterOneRequest)
    {
        await using var utility = new UtilityFactory(new Dictionary<string, string?> { ["Limits:RequestHeadersTimeoutMs"] = "1000" });
        utility.Start().Dispose();
        using var silent = await RawConnection.OpenAsync(utility.BaseUri);
        var answered = "";
        if (afterOneRequest)
        {
            await silent.TrySendAsync(Health);
            answered = await silent.ReadResponseAsync(TimeSpan.FromSeconds(10));
        }

        // A guard only: the timeout is 1 s, Kestrel's default for a silent connection 130 s.
        var (text, closed) = await silent.ReadUntilClosedAsync(TimeSpan.FromSeconds(30));

        closed.Should().BeTrue("a connection that sends nothing for the header timeout is closed");
        text.Should().BeEmpty("a connection that asked nothing gets no answer");
        if (afterOneRequest)
        {
            answered.Should().StartWith("HTTP/1.1 200 ");
        }
    }

    [Fact]
    [Requirement("CU-SEC-12")]
    public async Task CU_SEC_12_past_its_own_connection_cap_a_clients_new_connection_is_closed_while_another_client_is_served()
    {
        await using var utility = new UtilityFactory(new Dictionary<string, string?>
        {
            ["Limits:MaxConnectionsPerClient"] = "4",
            ["Limits:MaxEventStreamsPerClient"] = "2",
            ["Limits:RequestHeadersTimeoutMs"] = "600000", // the held connections stay while the test runs, however slow
        });
        utility.Start().Dispose();

        // Each held connection is served once, so it is surely counted before the next one opens.
        var held = new List<RawConnection>();
        for (var i = 0; i < 4; i++)
        {
            var connection = await RawConnection.OpenAsync(utility.BaseUri);
            held.Add(connection);
            await connection.TrySendAsync(Health);
            (await connection.ReadResponseAsync(TimeSpan.FromSeconds(10))).Should().StartWith("HTTP/1.1 200 ");
        }

        using var over = await RawConnection.OpenAsync(utility.BaseUri);
        await over.TrySendAsync(HealthThenClose);
        var (refused, closed) = await over.ReadUntilClosedAsync(TimeSpan.FromSeconds(30));

        using var other = await RawConnection.OpenAsync(utility.BaseUri, SecondClient.Address);
        await other.TrySendAsync(HealthThenClose);
        var otherAnswer = await other.ReadResponseAsync(TimeSpan.FromSeconds(10));

        held[0].Dispose();
        var servedAgain = await ServedAgainAsync(utility.BaseUri, TimeSpan.FromSeconds(30));
        held.ForEach(c => c.Dispose());

        closed.Should().BeTrue("the client's fifth connection is past its cap of 4");
        refused.Should().BeEmpty("a connection past the cap is closed without an answer");
        otherAnswer.Should().StartWith("HTTP/1.1 200 ", "another client (127.0.0.2) has connections of its own");
        servedAgain.Should().BeTrue("a closed connection gives its slot back to its client");
    }

    /// <summary>Polls until a new connection of the first client is served; the limit is a guard, not a bound.</summary>
    private static async Task<bool> ServedAgainAsync(Uri utility, TimeSpan guard)
    {
        var clock = System.Diagnostics.Stopwatch.StartNew();
        while (clock.Elapsed < guard)
        {
            using var connection = await RawConnection.OpenAsync(utility);
            await connection.TrySendAsync(HealthThenClose);
            if ((await connection.ReadResponseAsync(TimeSpan.FromSeconds(5))).StartsWith("HTTP/1.1 200 ", StringComparison.Ordinal))
            {
                return true;
            }

            await Task.Delay(100);
        }

        return false;
    }
}
