namespace ComputeUtility.Browser.Tests.Migration;

/// <summary>
/// A utility process stopped with SIGSTOP mid-run: it hangs rather than dies, so its sockets stay open and nothing
/// closes the page's channel. Only the heartbeats' silence tells the shim; it then fails over as for a closed socket,
/// here to a second utility from the latest snapshot. The time from the stop to the fail-over is printed, not asserted.
/// </summary>
[Collection(BrowserCollection.Name)]
public sealed class SigstopFailoverTests(BrowserFixture fixture, Xunit.Abstractions.ITestOutputHelper output)
{
    /// <summary>Short for a quick test, yet three of them outlast a stall of the other, busy utility on a loaded machine.</summary>
    private const int IntervalMs = 1000;
    private const int Total = 200;

    private const string StreamScript = EchoStream.Script;

    [Fact]
    [Requirement("CU-CHAN-31")]
    public async Task CU_CHAN_31_when_utility_A_hangs_under_SIGSTOP_the_page_hears_no_heartbeat_and_continues_on_B_with_no_reply_lost_or_doubled()
    {
        await using var app = new PageOrigin();
        string[] settings = ["--Packages:AllowedOrigins:0=" + app.Origin, "--Cors:AllowedOrigins:0=" + app.Origin, $"--Limits:HeartbeatIntervalMs={IntervalMs}"];
        await using var first = await UtilityProcess.StartAsync(settings);
        await using var second = await UtilityProcess.StartAsync(settings);
        await using var page = await ShimPage.OpenAsync(fixture.Browser, app.Origin + "/");
        var shim = app.Origin + "/shim/distributed-worker.js";

        var started = await page.RunAsync(shim, StreamScript,
            new { integrity = Integrity.Of("echo"), utilities = new[] { first.Origin, second.Origin }, total = Total });
        var (hung, other) = started.GetProperty("utility").GetString() == first.Origin ? (first, second) : (second, first);
        await page.Page.WaitForFunctionAsync("window.counts.length >= 100 && window.committed.length > 0");
        hung.Hang();
        var stoppedAt = (await page.ReadAsync("window.stoppedAt = performance.now()")).GetDouble();
        var repliedBeforeTheStop = (await page.ReadAsync("window.counts.length")).GetInt32();
        await page.ReadAsync("window.go = true"); // messages 151.. go to the hung utility and wait in its socket
        JsonElement detail;
        try
        {
            detail = await page.RunAsync(shim, "return await within(window.failover, 60000, 'the failover event');");
            await page.Page.WaitForFunctionAsync($"window.counts.length >= {Total}", null, new() { Timeout = 120_000 });
        }
        finally
        {
            hung.Resume();
            output.WriteLine("page: " + (await page.ReadAsync("window.happened.join(' | ') + ` (${window.counts.length} replies)`")).GetString());
        }

        var failedOverAt = (await page.ReadAsync("window.failedOverAt")).GetDouble();
        var noticedAt = (await page.ReadAsync("window.noticedAt")).GetDouble();
        var after = await page.ReadAsync("{ counts: window.counts, mismatches: window.mismatches, placement: window.worker.placement, utility: window.worker.utility }");
        await page.RunAsync(shim, "window.worker.terminate(); return null;");
        output.WriteLine($"SIGSTOP → silence noticed: {noticedAt - stoppedAt:0} ms, → running on the other utility: {failedOverAt - stoppedAt:0} ms, "
            + $"with heartbeatIntervalMs {IntervalMs} "
            + $"(silence threshold {3 * IntervalMs} ms); {repliedBeforeTheStop} replies before the stop; reason: {detail.GetProperty("reason").GetString()}");

        repliedBeforeTheStop.Should().BeLessThan(Total, "the utility hangs mid-run");
        detail.GetProperty("reason").GetString().Should().Contain("sent nothing").And.Contain($"3 heartbeat intervals of {IntervalMs} ms",
            "the socket stayed open: only the heartbeats' silence can have told the page");
        after.GetProperty("counts").EnumerateArray().Select(c => c.GetInt32()).Should().Equal(Enumerable.Range(1, Total), "no reply is missing or doubled");
        after.GetProperty("mismatches").GetArrayLength().Should().Be(0);
        after.GetProperty("placement").GetString().Should().Be("remote");
        after.GetProperty("utility").GetString().Should().Be(other.Origin);
        detail.GetProperty("stateCarriedOver").GetBoolean().Should().BeTrue();
        detail.GetProperty("snapshot").GetProperty("takenOn").GetString().Should().Be(hung.Origin);
    }
}
