using System.Runtime.CompilerServices;

namespace ComputeUtility.Client;

/// <summary>The HTTP fallback: messages by <c>POST …/messages</c>, events by the event stream with resume.</summary>
internal sealed class EventStreamWorkerChannel(UtilityClient client, Worker worker, long? lastEventId) : WorkerChannel(worker, lastEventId)
{
    public override ChannelTransport Transport => ChannelTransport.EventStream;

    public override Task SendAsync(string json, CancellationToken cancellationToken = default) =>
        client.PostMessageAsync(Worker, json, cancellationToken);

    public override Task SendAsync(ReadOnlyMemory<byte> bytes, CancellationToken cancellationToken = default) =>
        client.PostMessageAsync(Worker, bytes, cancellationToken);

    public override async IAsyncEnumerable<WorkerEvent> ReadEventsAsync([EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        await foreach (var workerEvent in client.ReadEventsAsync(Worker, LastEventId, cancellationToken).ConfigureAwait(false))
        {
            LastEventId = workerEvent.Id;
            yield return workerEvent;
        }
    }

    public override ValueTask DisposeAsync() => ValueTask.CompletedTask;
}
