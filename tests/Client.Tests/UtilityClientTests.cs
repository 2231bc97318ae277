namespace ComputeUtility.Client.Tests;

public sealed class UtilityClientTests(InProcessUtility utility) : IClassFixture<InProcessUtility>
{
    private readonly string _echoIntegrity = InProcessUtility.Integrity("echo");

    [Fact]
    public async Task Reads_the_descriptor_and_the_features_it_lists()
    {
        using var client = new UtilityClient(utility.BaseUri);

        var descriptor = await client.GetDescriptorAsync();

        descriptor.Supports("workers").Should().BeTrue();
        descriptor.Supports("no-such-feature").Should().BeFalse();
        descriptor.Limit("maxMessageBytes").Should().BePositive();
        (await client.IsHealthyAsync()).Should().BeTrue();
    }

    [Fact]
    public async Task Creates_a_worker_reads_its_state_and_ends_it()
    {
        using var client = new UtilityClient(utility.BaseUri);

        var worker = await client.CreateWorkerAsync(utility.Echo, _echoIntegrity);
        var running = await client.GetWorkerAsync(worker);
        await client.DeleteWorkerAsync(worker);
        var ended = await client.GetWorkerAsync(worker);

        worker.Token.Should().NotBeNullOrEmpty();
        worker.Channel.Scheme.Should().Be("ws");
        running.IsRunning.Should().BeTrue();
        running.Token.Should().Be(worker.Token, "the client keeps the token the utility shows only once");
        ended.State.Should().Be("terminated");
    }

    [Fact]
    public async Task A_wrong_token_is_thrown_as_an_unauthorized_problem_with_its_details()
    {
        using var client = new UtilityClient(utility.BaseUri);
        var worker = await client.CreateWorkerAsync(utility.Echo, _echoIntegrity);

        var act = () => client.GetWorkerAsync(worker with { Token = "not-the-token" });

        var problem = (await act.Should().ThrowAsync<UnauthorizedException>()).Which;
        problem.Status.Should().Be(401);
        problem.Type.Should().Be("urn:compute-utility:problem:unauthorized");
        problem.Name.Should().Be("unauthorized");
        problem.Title.Should().NotBeNullOrEmpty();
        problem.Detail.Should().NotBeNullOrEmpty();
        problem.Instance.Should().Be("/v1/workers/" + worker.Id);
        await client.DeleteWorkerAsync(worker);
    }

    [Fact]
    public async Task A_message_to_an_ended_worker_is_thrown_as_worker_gone()
    {
        using var client = new UtilityClient(utility.BaseUri);
        var worker = await client.CreateWorkerAsync(utility.Echo, _echoIntegrity);
        await client.DeleteWorkerAsync(worker);

        var act = () => client.PostMessageAsync(worker, """{"late":true}""");

        (await act.Should().ThrowAsync<WorkerGoneException>()).Which.Status.Should().Be(410);
    }

    [Fact]
    public async Task A_package_that_fails_its_integrity_check_is_thrown_with_the_problem_type_the_utility_gave()
    {
        using var client = new UtilityClient(utility.BaseUri);

        var act = () => client.CreateWorkerAsync(utility.Echo, "sha256-" + Convert.ToBase64String(new byte[32]));

        var problem = (await act.Should().ThrowAsync<UtilityProblemException>()).Which;
        problem.Type.Should().StartWith(UtilityProblemException.TypePrefix);
        problem.Status.Should().BeInRange(400, 499);
        problem.Problem.Should().NotBeNull("the whole problem object is kept for its extension members");
    }

    [Fact]
    public async Task Runs_a_command_package_as_a_task()
    {
        using var client = new UtilityClient(utility.BaseUri);

        var result = await client.RunTaskAsync(utility.Hello, InProcessUtility.Integrity("hello"), ["a", "b"], stdin: "four");

        result.ExitCode.Should().Be(2, "hello exits with the number of its arguments");
        result.Stdout.Should().NotBeEmpty();
        result.StdoutTruncated.Should().BeFalse();
    }

    [Fact]
    public async Task Asks_for_an_estimate_whose_total_is_queue_plus_compute()
    {
        using var client = new UtilityClient(utility.BaseUri);

        var estimate = await client.EstimateAsync(utility.Echo, _echoIntegrity, inputBytes: 100);

        estimate.TotalMs.Should().BeApproximately(estimate.QueueMs + estimate.ComputeMs, 0.01);
        estimate.Confidence.Should().BeInRange(0, 1);
    }

    [Fact]
    public async Task Takes_a_snapshot_pulls_its_bytes_and_restores_a_worker_from_it()
    {
        using var client = new UtilityClient(utility.BaseUri);
        var worker = await client.CreateWorkerAsync(utility.Echo, _echoIntegrity);
        await client.PostMessageAsync(worker, """{"n":1}""");

        var snapshot = await client.TakeSnapshotAsync(worker);
        var bytes = await client.GetSnapshotBytesAsync(snapshot);
        var restored = await client.RestoreWorkerAsync(snapshot);

        snapshot.WorkerId.Should().Be(worker.Id);
        bytes.Length.Should().Be((int)snapshot.SizeBytes);
        restored.Id.Should().NotBe(worker.Id);
        restored.IsRunning.Should().BeTrue();
        await client.DeleteWorkerAsync(restored);
        await client.DeleteWorkerAsync(worker);
    }

    [Fact]
    public async Task Moves_a_worker_live_through_a_prepared_restore_and_deltas()
    {
        using var client = new UtilityClient(utility.BaseUri);
        var worker = await client.CreateWorkerAsync(utility.Echo, _echoIntegrity);
        await client.PostMessageAsync(worker, """{"n":1}""");

        var full = await client.TakeSnapshotAsync(worker);
        var restore = await client.PrepareRestoreAsync(full);
        await client.PostMessageAsync(worker, """{"n":2}""");
        var delta = await client.TakeDeltaSnapshotAsync(worker, full);
        var applied = await client.ApplyDeltaAsync(restore, delta);
        var last = await client.TakeDeltaSnapshotAsync(worker, delta);
        var moved = await client.StartRestoreAsync(applied, last);

        restore.Digest.Should().Be(full.Digest);
        delta.Base.Should().Be(full.Id);
        applied.Digest.Should().Be(delta.Digest);
        full.Base.Should().BeNull();
        moved.IsRunning.Should().BeTrue();
        moved.Token.Should().NotBeNullOrEmpty();
        (await client.PostMessageAsync(moved, """{"n":3}""")).Should().Be(last.HoldsMessagesThrough + 1);
        await client.DeleteWorkerAsync(moved);
        await client.DeleteWorkerAsync(worker);
    }
}
