namespace ComputeUtility.Server.Tests.Migration;

/// <summary>A snapshot source that answers at once and then trickles its bytes: the pull's one deadline covers the body too.</summary>
public sealed class SnapshotPullTimeoutTests(UtilityFixture utility) : IClassFixture<UtilityFixture>
{
    [Fact]
    [Requirement("CU-PKG-11")]
    public async Task CU_PKG_11_a_snapshot_body_still_arriving_at_the_pull_deadline_fails_the_pull_with_package_fetch_failed()
    {
        var bodyStarted = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var url = utility.Origin.Answer("slow/snapshot", async context =>
        {
            context.Response.ContentType = "application/octet-stream";
            context.Response.ContentLength = 1024 * 1024;
            await context.Response.Body.WriteAsync(new byte[16], context.RequestAborted);
            await context.Response.Body.FlushAsync(context.RequestAborted);
            bodyStarted.TrySetResult();
            try
            {
                await Task.Delay(Timeout.Infinite, context.RequestAborted); // the rest never comes
            }
            catch (OperationCanceledException)
            {
                // The utility gave up and closed the connection.
            }
        });
        var time = new FakeTimeProvider(DateTimeOffset.UtcNow);
        var source = ActivatorUtilities.CreateInstance<SnapshotSource>(utility.Factory.Services, time);

        var pull = source.FetchAsync(url, "token", "http://127.0.0.1:1", CancellationToken.None);
        await bodyStarted.Task.WaitAsync(TimeSpan.FromSeconds(30)); // a guard only
        time.Advance(SnapshotSource.PullTimeout);
        var failed = await Assert.ThrowsAsync<ProblemException>(() => pull.WaitAsync(TimeSpan.FromSeconds(30)));

        failed.Type.Should().Be(ProblemTypes.PackageFetchFailed);
    }
}
