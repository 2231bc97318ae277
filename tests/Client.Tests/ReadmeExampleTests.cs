namespace ComputeUtility.Client.Tests;

/// <summary>README.md's "From a .NET program", run as written against an in-process utility (its port, its digest).</summary>
public sealed class ReadmeExampleTests(InProcessUtility server) : IClassFixture<InProcessUtility>
{
    [Fact]
    public async Task The_readme_example_creates_a_worker_reads_its_reply_and_sees_it_gone_after_delete()
    {
        var output = new StringWriter();
        WorkerGoneException? caught = null;

        using var utility = new UtilityClient(server.BaseUri);
        var worker = await utility.CreateWorkerAsync(server.Echo, InProcessUtility.Integrity("echo"));
        await using (var channel = await utility.OpenChannelAsync(worker))
        {
            await channel.SendAsync("""{"hello":"worker"}""");
            await foreach (var reply in channel.ReadEventsAsync())
            {
                if (reply.Kind == "message")
                {
                    output.WriteLine(reply.Data);
                    break;
                }
            }
        }

        try
        {
            await utility.DeleteWorkerAsync(worker);
            await utility.PostMessageAsync(worker, "{}");
        }
        catch (WorkerGoneException gone)
        {
            caught = gone;
        }

        output.ToString().Trim().Should().Be("""{"count":1,"echo":{"hello":"worker"}}""");
        caught.Should().NotBeNull();
        caught!.Name.Should().Be("worker-gone");
    }
}
