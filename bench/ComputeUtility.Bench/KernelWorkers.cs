using System.Text.Json;

namespace ComputeUtility.Bench;

/// <summary>
/// Row 13's worker peer: one kernels-worker per kernel on the utility, over its WebSocket channel. A run sends the
/// kernel's name twice and keeps the second reply (the guest's own time around the kernel, as the command prints it).
/// </summary>
internal sealed class KernelWorkers(UtilityClient client, Uri manifest, string integrity) : IAsyncDisposable
{
    private readonly Dictionary<string, (Worker Worker, WorkerChannel Channel, IAsyncEnumerator<WorkerEvent> Events)> _open = [];

    public async Task<KernelLine> RunAsync(string kernel, CancellationToken cancellationToken)
    {
        if (!_open.TryGetValue(kernel, out var open))
        {
            var worker = await client.CreateWorkerAsync(manifest, integrity, cancellationToken);
            var channel = await client.OpenChannelAsync(worker, cancellationToken: cancellationToken);
            open = (worker, channel, channel.ReadEventsAsync(cancellationToken).GetAsyncEnumerator(cancellationToken));
            _open[kernel] = open;
        }

        KernelLine? first = null;
        for (var run = 0; run < KernelSuite.RunsPerProcess; run++)
        {
            await open.Channel.SendAsync(JsonSerializer.Serialize(kernel), cancellationToken);
            var line = await ReplyAsync(open.Events, kernel);
            if (first is not null && first.Result != line.Result)
            {
                throw new BenchFailure($"{KernelSuite.Worker}: two runs printed different results: '{first.Result}' vs '{line.Result}'");
            }

            first ??= line;
            if (run == KernelSuite.RunsPerProcess - 1)
            {
                return line;
            }
        }

        throw new InvalidOperationException("unreachable");
    }

    private static async Task<KernelLine> ReplyAsync(IAsyncEnumerator<WorkerEvent> events, string kernel)
    {
        // Bounded: a log line or two may come before the reply.
        for (var i = 0; i < 16; i++)
        {
            if (!await events.MoveNextAsync())
            {
                break;
            }

            var item = events.Current;
            if (item.Kind is "error" or "exit")
            {
                throw new BenchFailure($"{KernelSuite.Worker}: {kernel} ended with {item.Kind}: {item.Data}");
            }

            if (item.Kind == "message")
            {
                return item.Data.TryGetProperty("line", out var line) && item.Data.TryGetProperty("ms", out var ms)
                    ? new KernelLine(line.GetString() ?? "", ms.GetDouble())
                    : throw new BenchFailure($"{KernelSuite.Worker}: unexpected reply {item.Data}");
            }
        }

        throw new BenchFailure($"{KernelSuite.Worker}: no reply for {kernel}");
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var (worker, channel, events) in _open.Values)
        {
            await events.DisposeAsync();
            await channel.DisposeAsync();
            try
            {
                await client.DeleteWorkerAsync(worker);
            }
            catch (Exception ex) when (ex is HttpRequestException or UtilityProblemException)
            {
                // the server goes away with the row anyway
            }
        }
    }
}
