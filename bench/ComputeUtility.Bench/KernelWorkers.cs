using System.Text.Json;

namespace ComputeUtility.Bench;

/// <summary>
/// Row 13's worker peer: for each run a fresh kernels-worker on the utility, over its WebSocket channel (a channel left
/// unread while the other runtimes take their turn would be closed as silent). A run sends the kernel's name twice and
/// keeps the second reply (the guest's own time around the kernel, as the command prints it), then deletes the worker.
/// </summary>
internal sealed class KernelWorkers(UtilityClient client, Uri manifest, string integrity)
{
    public async Task<KernelLine> RunAsync(string kernel, CancellationToken cancellationToken)
    {
        var worker = await client.CreateWorkerAsync(manifest, integrity, cancellationToken);
        try
        {
            await using var channel = await client.OpenChannelAsync(worker, cancellationToken: cancellationToken);
            await using var events = channel.ReadEventsAsync(cancellationToken).GetAsyncEnumerator(cancellationToken);
            KernelLine? first = null;
            for (var run = 1; run < KernelSuite.RunsPerProcess; run++)
            {
                await channel.SendAsync(JsonSerializer.Serialize(kernel), cancellationToken);
                first ??= await ReplyAsync(events, kernel);
            }

            await channel.SendAsync(JsonSerializer.Serialize(kernel), cancellationToken);
            var line = await ReplyAsync(events, kernel);
            return first is null || first.Result == line.Result
                ? line
                : throw new BenchFailure($"{KernelSuite.Worker}: two runs printed different results: '{first.Result}' vs '{line.Result}'");
        }
        finally
        {
            await client.DeleteWorkerAsync(worker, CancellationToken.None);
        }
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
}
