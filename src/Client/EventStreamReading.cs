namespace ComputeUtility.Client;

/// <summary>One connection to a worker's event stream, opened at the first read: its events, without heartbeats.</summary>
internal sealed class EventStreamReading(UtilityClient client, Worker worker, long? lastEventId) : IAsyncDisposable
{
    private HttpResponseMessage? _response;
    private ServerSentEventReader? _reader;

    /// <summary>The next event, or null when the server completed the stream.</summary>
    public async Task<WorkerEvent?> NextAsync(CancellationToken cancellationToken)
    {
        if (_reader is null)
        {
            _response = await client.OpenEventStreamAsync(worker, lastEventId, cancellationToken).ConfigureAwait(false);
            _reader = new ServerSentEventReader(await _response.Content.ReadAsStreamAsync(cancellationToken).ConfigureAwait(false));
        }

        while (await ReadWatchedAsync(cancellationToken).ConfigureAwait(false) is { } serverSentEvent)
        {
            if (WorkerEvent.From(serverSentEvent) is { } workerEvent)
            {
                return workerEvent;
            }
        }

        return null;
    }

    /// <summary>The next event or heartbeat; silence for 3 heartbeat intervals is a broken connection (CU-CHAN-31).</summary>
    private async Task<ServerSentEvent?> ReadWatchedAsync(CancellationToken cancellationToken)
    {
        if (client.HeartbeatInterval is not { } interval)
        {
            return await _reader!.ReadAsync(cancellationToken).ConfigureAwait(false);
        }

        using var silence = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        silence.CancelAfter(interval * 3);
        try
        {
            return await _reader!.ReadAsync(silence.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            throw new IOException($"the event stream of worker {worker.Id} was silent for 3 heartbeat intervals");
        }
    }

    public ValueTask DisposeAsync()
    {
        _reader?.Dispose();
        _response?.Dispose();
        return ValueTask.CompletedTask;
    }
}
