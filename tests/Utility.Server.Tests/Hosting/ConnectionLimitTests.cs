namespace ComputeUtility.Server.Tests.Hosting;

/// <summary>The cap on open connections: past it a new connection is closed at once, and a freed slot serves again.</summary>
public sealed class ConnectionLimitTests
{
    [Fact]
    [Requirement("CU-SEC-12")]
    public async Task CU_SEC_12_past_the_connection_cap_a_new_connection_is_closed_at_once_and_served_again_when_one_closes()
    {
        await using var utility = new UtilityFactory(new Dictionary<string, string?> { ["Limits:MaxConnections"] = "16", ["Limits:MaxConnectionsPerClient"] = "16", ["Limits:MaxUpgradedConnections"] = "16", ["Limits:MaxWorkers"] = "16",
            // The held connections idle between requests; they must keep their slots however slow this machine is
            // today (an idle connection is closed after the header timeout, 10 s by default, which frees a slot).
            ["Limits:RequestHeadersTimeoutMs"] = "600000" });
        using var client = utility.Start();
        (await client.GetAsync("/healthz")).StatusCode.Should().Be(HttpStatusCode.OK);
        client.Dispose(); // its pooled connection would hold one of the 16

        // Each held connection proves it holds a slot by being served (keep-alive, so it stays open). One refused
        // because the disposed client's connection still counted is replaced: 16 served means all 16 slots are ours.
        var held = new List<RawConnection>();
        for (var attempt = 0; held.Count < 16 && attempt < 32; attempt++)
        {
            var connection = await RawConnection.OpenAsync(utility.BaseUri);
            await connection.TrySendAsync("GET /healthz HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n");
            if ((await connection.ReadResponseAsync(TimeSpan.FromSeconds(30))).StartsWith("HTTP/1.1 200 ", StringComparison.Ordinal))
            {
                held.Add(connection);
            }
            else
            {
                connection.Dispose();
            }
        }

        held.Should().HaveCount(16, "16 connections fit under the cap once the first client's connection is gone");

        using var over = await RawConnection.OpenAsync(utility.BaseUri);
        await over.TrySendAsync("GET /healthz HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n");
        var (refused, closed) = await over.ReadUntilClosedAsync(TimeSpan.FromSeconds(30)); // a hang guard: a loaded machine may take seconds to accept and close
        held.ForEach(c => c.Dispose());
        var served = await ServedWithinAsync(utility.BaseUri, TimeSpan.FromSeconds(30));

        closed.Should().BeTrue("Kestrel closes a connection past MaxConnections without reading it");
        refused.Should().BeEmpty();
        served.Should().BeTrue("closing the held connections frees their slots");
    }

    private static async Task<bool> ServedWithinAsync(Uri utility, TimeSpan within)
    {
        var clock = System.Diagnostics.Stopwatch.StartNew();
        while (clock.Elapsed < within)
        {
            using var connection = await RawConnection.OpenAsync(utility);
            await connection.TrySendAsync("GET /healthz HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n");
            if ((await connection.ReadResponseAsync(TimeSpan.FromSeconds(2))).StartsWith("HTTP/1.1 200 ", StringComparison.Ordinal))
            {
                return true;
            }

            await Task.Delay(100);
        }

        return false;
    }
}
