namespace ComputeUtility.Client.Tests;

public sealed class ServerSentEventReaderTests
{
    [Fact]
    public async Task Reads_id_kind_and_data_and_joins_data_lines_with_newlines()
    {
        using var reader = Reader("id: 7\nevent: log\ndata: {\"a\":\ndata: 1}\n\n");

        var read = await reader.ReadAsync();

        read.Should().Be(new ServerSentEvent("7", "log", "{\"a\":\n1}"));
        (await reader.ReadAsync()).Should().BeNull("the stream ended");
    }

    [Fact]
    public async Task Skips_comments_and_blocks_without_data_and_calls_a_kindless_event_a_message()
    {
        using var reader = Reader(": keep-alive\n\nid: 3\n\ndata:{}\n\n");

        var read = await reader.ReadAsync();

        read.Should().Be(new ServerSentEvent(null, "message", "{}"), "an id in a block without data dispatches nothing, and no space after the colon is fine");
    }

    [Fact]
    public async Task Returns_a_heartbeat_without_an_id_and_the_worker_event_ignores_it()
    {
        using var reader = Reader("event: heartbeat\ndata: {\"n\":1}\n\nid: 1\nevent: message\ndata: {\"x\":2}\n\n");

        var heartbeat = await reader.ReadAsync();
        var message = await reader.ReadAsync();

        heartbeat!.IsHeartbeat.Should().BeTrue();
        heartbeat.Id.Should().BeNull();
        WorkerEvent.From(heartbeat).Should().BeNull();
        var workerEvent = WorkerEvent.From(message!)!;
        workerEvent.Id.Should().Be(1);
        workerEvent.Data.GetProperty("x").GetInt32().Should().Be(2);
    }

    [Fact]
    public async Task A_binary_event_carries_its_bytes_in_base64()
    {
        using var reader = Reader("id: 4\nevent: binary\ndata: {\"base64\":\"3q2+7w==\"}\n\n");

        var workerEvent = WorkerEvent.From((await reader.ReadAsync())!)!;

        workerEvent.Bytes.Should().Equal(0xde, 0xad, 0xbe, 0xef);
    }

    [Fact]
    public async Task An_event_that_never_ends_is_refused_rather_than_read_without_bound()
    {
        var endless = string.Concat(Enumerable.Repeat("data: x\n", ServerSentEventReader.MaxLinesPerEvent + 1));
        using var reader = Reader(endless);

        var act = async () => await reader.ReadAsync();

        await act.Should().ThrowAsync<InvalidDataException>();
    }

    private static ServerSentEventReader Reader(string text) => new(new MemoryStream(Encoding.UTF8.GetBytes(text)));
}
