using System.Text.Json;
using ComputeUtility.Client;

namespace ComputeUtility.Bench;

/// <summary>A worker's channel used one question at a time: send a message, return the text of the next message event.</summary>
internal sealed class AskingChannel : IAsyncDisposable
{
    private readonly WorkerChannel _channel;
    private readonly IAsyncEnumerator<WorkerEvent> _events;

    private AskingChannel(WorkerChannel channel)
    {
        _channel = channel;
        _events = channel.ReadEventsAsync().GetAsyncEnumerator();
    }

    public static async Task<AskingChannel> OpenAsync(UtilityClient client, Worker worker) =>
        new(await client.OpenChannelAsync(worker, transport: ChannelTransport.WebSocket));

    public async Task<string> AskAsync(string json)
    {
        await _channel.SendAsync(json);
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        while (await _events.MoveNextAsync().AsTask().WaitAsync(timeout.Token))
        {
            var reply = _events.Current;
            if (reply.Kind == "message")
            {
                return reply.Data.ValueKind == JsonValueKind.String ? reply.Data.GetString()! : reply.Data.GetRawText();
            }

            if (reply.IsExit)
            {
                break;
            }
        }

        throw new BenchFailure($"the worker's channel ended before it answered {json}");
    }

    public async ValueTask DisposeAsync()
    {
        await _events.DisposeAsync();
        await _channel.DisposeAsync();
    }
}
