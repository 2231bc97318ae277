namespace ComputeUtility.Browser.Tests.Shim;

/// <summary>
/// A page on an app origin (which serves the page, a copy of the shim and its packages) uses a
/// utility that is killed mid-session; each test starts its own utilities, to kill them.
/// </summary>
[Collection(BrowserCollection.Name)]
public sealed class FailoverTests(BrowserFixture fixture)
{
    /// <summary>
    /// Starts an echo worker kept in window.worker, records its failover, answers after one reply. Placement 'auto' must
    /// not hang on the machine's load: the round-trip bound is set so high that a loopback utility always counts as near.
    /// </summary>
    private const string StartScript = """
        const worker = (window.worker = new DistributedWorker('/packages/echo/manifest.json',
          { integrity: arg.integrity, timeoutMs: 30000, utility: arg.utilities, placement: arg.placement, maxRoundTripMs: 60000 }));
        window.replies = [];
        window.failover = new Promise((resolve) => worker.addEventListener('failover', (e) => resolve(e.detail)));
        worker.onmessage = (e) => window.replies.push(e.data);
        worker.postMessage({ before: 1 });
        worker.postMessage({ before: 2 });
        await within(new Promise((resolve) => { const t = setInterval(() => { if (window.replies.length === 2) { clearInterval(t); resolve(); } }, 10); }), 60000, 'two replies');
        return { placement: worker.placement, reason: worker.placementReason, utility: worker.utility, replies: window.replies };
        """;

    /// <summary>After the kill: waits for the failover event, then talks to the restarted worker.</summary>
    private const string ContinueScript = """
        const detail = await within(window.failover, 60000, 'the failover event');
        const before = window.replies.length;
        window.worker.postMessage({ after: 1 });
        await within(new Promise((resolve) => { const t = setInterval(() => { if (window.replies.length > before) { clearInterval(t); resolve(); } }, 10); }), 60000, 'a reply after the failover');
        const result = { detail, placement: window.worker.placement, utility: window.worker.utility, reply: window.replies.at(-1) };
        window.worker.terminate();
        return result;
        """;

    private const string StreamScript = EchoStream.Script;

    [Fact]
    [Requirement("CU-SNAP-16")]
    public async Task CU_SNAP_16_when_utility_A_is_killed_with_SIGKILL_mid_run_the_page_continues_on_B_from_the_snapshot_with_no_gap_and_no_repeat()
    {
        const int total = 200;
        await using var app = new PageOrigin();
        await using var first = await UtilityProcess.StartAsync("--Packages:AllowedOrigins:0=" + app.Origin, "--Cors:AllowedOrigins:0=" + app.Origin);
        await using var second = await UtilityProcess.StartAsync("--Packages:AllowedOrigins:0=" + app.Origin, "--Cors:AllowedOrigins:0=" + app.Origin);
        await using var page = await ShimPage.OpenAsync(fixture.Browser, app.Origin + "/");
        var shim = app.Origin + "/shim/distributed-worker.js";

        var started = await page.RunAsync(shim, StreamScript,
            new { integrity = Integrity.Of("echo"), utilities = new[] { first.Origin, second.Origin }, total });
        var (killed, other) = started.GetProperty("utility").GetString() == first.Origin ? (first, second) : (second, first);
        await page.Page.WaitForFunctionAsync("window.counts.length >= 100 && window.committed.length > 0");
        killed.Kill();
        var repliedBeforeTheKill = (await page.ReadAsync("window.counts.length")).GetInt32();
        await page.ReadAsync("window.go = true");
        var detail = await page.RunAsync(shim, "return await within(window.failover, 60000, 'the failover event');");
        await page.Page.WaitForFunctionAsync($"window.counts.length >= {total}");
        var after = await page.ReadAsync("{ counts: window.counts, mismatches: window.mismatches, placement: window.worker.placement, utility: window.worker.utility }");
        await page.RunAsync(shim, "window.worker.terminate(); return null;");

        repliedBeforeTheKill.Should().BeLessThan(total, "the utility is killed mid-run");
        after.GetProperty("counts").EnumerateArray().Select(c => c.GetInt32()).Should().Equal(Enumerable.Range(1, total), "no reply is missing or doubled");
        after.GetProperty("mismatches").GetArrayLength().Should().Be(0);
        after.GetProperty("placement").GetString().Should().Be("remote");
        after.GetProperty("utility").GetString().Should().Be(other.Origin);
        detail.GetProperty("stateCarriedOver").GetBoolean().Should().BeTrue();
        detail.GetProperty("to").GetProperty("utility").GetString().Should().Be(other.Origin);
        detail.GetProperty("message").GetString().Should().Contain("state carried over from snapshot s-").And.Contain("on " + other.Origin);
        detail.GetProperty("snapshot").GetProperty("takenOn").GetString().Should().Be(killed.Origin);
    }

    [Fact]
    public async Task When_the_utility_is_killed_with_SIGKILL_mid_session_the_page_is_told_and_the_worker_restarts_locally()
    {
        await using var app = new PageOrigin();
        await using var utility = await UtilityProcess.StartAsync("--Packages:AllowedOrigins:0=" + app.Origin, "--Cors:AllowedOrigins:0=" + app.Origin);
        await using var page = await ShimPage.OpenAsync(fixture.Browser, app.Origin + "/");
        var shim = app.Origin + "/shim/distributed-worker.js";

        var started = await page.RunAsync(shim, StartScript, new { integrity = Integrity.Of("echo"), utilities = new[] { utility.Origin }, placement = "auto" });
        started.GetProperty("placement").GetString().Should().Be("remote", started.GetProperty("reason").GetString());
        utility.Kill();
        var after = await page.RunAsync(shim, ContinueScript);

        var detail = after.GetProperty("detail");
        detail.GetProperty("stateCarriedOver").GetBoolean().Should().BeFalse();
        detail.GetProperty("message").GetString().Should().Contain("state was NOT carried over").And.Contain("restarted locally");
        detail.GetProperty("from").GetProperty("utility").GetString().Should().Be(utility.Origin);
        detail.GetProperty("to").GetProperty("placement").GetString().Should().Be("local");
        after.GetProperty("placement").GetString().Should().Be("local");
        after.GetProperty("reply").GetRawText().Should().Be("""{"count":1,"echo":{"after":1}}""", "the new worker starts from scratch");
    }

    [Fact]
    public async Task When_one_of_two_utilities_is_killed_with_SIGKILL_a_remote_worker_restarts_on_the_other()
    {
        await using var app = new PageOrigin();
        await using var first = await UtilityProcess.StartAsync("--Packages:AllowedOrigins:0=" + app.Origin, "--Cors:AllowedOrigins:0=" + app.Origin);
        await using var second = await UtilityProcess.StartAsync("--Packages:AllowedOrigins:0=" + app.Origin, "--Cors:AllowedOrigins:0=" + app.Origin);
        await using var page = await ShimPage.OpenAsync(fixture.Browser, app.Origin + "/");
        var shim = app.Origin + "/shim/distributed-worker.js";

        var started = await page.RunAsync(shim, StartScript,
            new { integrity = Integrity.Of("echo"), utilities = new[] { first.Origin, second.Origin }, placement = "remote" });
        var chosen = started.GetProperty("utility").GetString();
        var (killed, other) = chosen == first.Origin ? (first, second) : (second, first);
        killed.Kill();
        var after = await page.RunAsync(shim, ContinueScript);

        after.GetProperty("placement").GetString().Should().Be("remote");
        after.GetProperty("utility").GetString().Should().Be(other.Origin);
        after.GetProperty("detail").GetProperty("message").GetString().Should().Contain("NOT carried over");
        after.GetProperty("reply").GetRawText().Should().Be("""{"count":1,"echo":{"after":1}}""");
    }
}
