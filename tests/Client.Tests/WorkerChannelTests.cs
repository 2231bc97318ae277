namespace ComputeUtility.Client.Tests;

public sealed class WorkerChannelTests(InProcessUtility utility) : IClassFixture<InProcessUtility>
{
    [Theory]
    [InlineData(ChannelTransport.WebSocket)]
    [InlineData(ChannelTransport.EventStream)]
    public async Task Sends_text_and_bytes_and_reads_the_replies_in_order(ChannelTransport transport)
    {
        using var client = new UtilityClient(utility.BaseUri);
        using var hang = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        var worker = await client.CreateWorkerAsync(utility.Echo, InProcessUtility.Integrity("echo"), hang.Token);
        await using var channel = await client.OpenChannelAsync(worker, transport: transport, cancellationToken: hang.Token);

        await channel.SendAsync("""{"hello":"world"}""", hang.Token);
        await channel.SendAsync(new byte[] { 1, 2, 3 }, hang.Token);
        var events = await ReadUntilAsync(channel, e => e.Kind == "binary", hang.Token);

        channel.Transport.Should().Be(transport);
        events.Select(e => e.Id).Should().BeInAscendingOrder().And.OnlyHaveUniqueItems();
        var reply = events.Single(e => e.Kind == "message").Data;
        reply.GetProperty("count").GetInt32().Should().Be(1);
        reply.GetProperty("echo").GetProperty("hello").GetString().Should().Be("world");
        events[^1].Bytes.Should().Equal(1, 2, 3);
        channel.LastEventId.Should().Be(events[^1].Id);
        await client.DeleteWorkerAsync(worker, hang.Token);
    }

    [Fact]
    public async Task Reading_ends_with_the_exit_event_when_the_worker_ends()
    {
        using var client = new UtilityClient(utility.BaseUri);
        using var hang = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        var worker = await client.CreateWorkerAsync(utility.Echo, InProcessUtility.Integrity("echo"), hang.Token);
        await using var channel = await client.OpenChannelAsync(worker, cancellationToken: hang.Token);

        await client.DeleteWorkerAsync(worker, hang.Token);
        var events = await ReadUntilAsync(channel, _ => false, hang.Token);

        channel.Transport.Should().Be(ChannelTransport.WebSocket, "the utility has a WebSocket channel, so Automatic picks it");
        events[^1].IsExit.Should().BeTrue();
        events[^1].Data.GetProperty("reason").GetString().Should().Be("terminated");
    }

    [Fact]
    public async Task The_channel_of_an_ended_worker_is_refused_as_worker_gone_rather_than_falling_back()
    {
        using var client = new UtilityClient(utility.BaseUri);
        var worker = await client.CreateWorkerAsync(utility.Echo, InProcessUtility.Integrity("echo"));
        await client.DeleteWorkerAsync(worker);

        var act = () => client.OpenChannelAsync(worker);

        (await act.Should().ThrowAsync<WorkerGoneException>()).Which.Status.Should().Be(410);
    }

    [Fact]
    public async Task A_WebSocket_resumes_after_the_last_event_id_it_is_given()
    {
        using var client = new UtilityClient(utility.BaseUri);
        using var hang = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        var worker = await utility.CreateEchoAsync(client, messages: 3, hang.Token);

        await using var first = await client.OpenChannelAsync(worker, transport: ChannelTransport.WebSocket, cancellationToken: hang.Token);
        var all = await ReadUntilAsync(first, e => e.Kind == "message" && e.Data.GetProperty("count").GetInt32() == 3, hang.Token);
        await using var resumed = await client.OpenChannelAsync(worker, all[1].Id, ChannelTransport.WebSocket, hang.Token);
        await client.DeleteWorkerAsync(worker, hang.Token);
        var rest = await ReadUntilAsync(resumed, _ => false, hang.Token);

        rest.Select(e => e.Id).Should().StartWith(all.Skip(2).Select(e => e.Id), "the new channel took over after the id it was given");
        rest[^1].IsExit.Should().BeTrue();
    }

    internal static async Task<List<WorkerEvent>> ReadUntilAsync(WorkerChannel channel, Func<WorkerEvent, bool> last, CancellationToken cancellationToken)
    {
        var events = new List<WorkerEvent>();
        await foreach (var workerEvent in channel.ReadEventsAsync(cancellationToken))
        {
            events.Add(workerEvent);
            if (last(workerEvent))
            {
                break;
            }
        }

        return events;
    }
}
