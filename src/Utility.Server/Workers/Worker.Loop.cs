using ComputeUtility.Server.Messages;
using ComputeUtility.Server.Problems;
using ComputeUtility.Server.Sandbox;

namespace ComputeUtility.Server.Workers;

/// <summary>The delivery loop, and snapshots taken by it between two messages.</summary>
internal sealed partial class Worker
{
    private readonly Lock _captureGate = new();
    private readonly List<(Action<WorkerCapture> Write, Action<Exception> Fail)> _captures = [];
    private TaskCompletionSource _captureRequested = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private long _lastDelivered;

    /// <summary>Messages one turn on a guest thread delivers at most, so a busy worker gives the thread back now and then.</summary>
    private const int DeliveryBatch = 64;

    /// <summary>
    /// Captures memory, globals and undelivered messages between two messages (spec 13.1): <paramref name="write"/> runs on
    /// the worker's loop, which delivers nothing until it returns, and turns the state into what the caller keeps.
    /// </summary>
    public Task<T> CaptureAsync<T>(Func<WorkerCapture, T> write, CancellationToken cancellationToken)
    {
        var capture = new TaskCompletionSource<T>(TaskCreationOptions.RunContinuationsAsynchronously);
        lock (_captureGate)
        {
            ThrowIfEnded();
            _captures.Add((state => capture.TrySetResult(write(state)), ex => capture.TrySetException(ex)));
            _captureRequested.TrySetResult();
        }

        _inbox.Wake();
        return capture.Task.WaitAsync(cancellationToken);
    }

    private async Task RunAsync()
    {
        var instance = _instance!;
        try
        {
            while (State == WorkerState.Running)
            {
                RunCaptures(instance);
                if (_inbox.Count == 0)
                {
                    if (_inbox.IsCompleted)
                    {
                        break;
                    }

                    await _inbox.WaitToReadAsync();
                    continue;
                }

                // Outbound back-pressure: do not produce more while readers are far behind (a snapshot may still be taken).
                var room = Events.WaitForRoomAsync(CancellationToken.None);
                if (!room.IsCompleted)
                {
                    // Wait for readers to catch up, or for a snapshot request — not for more messages, which are already there.
                    await Task.WhenAny(room, CaptureRequested());
                    continue;
                }

                // On a guest thread, as many as are queued (up to a batch) while readers keep up and nobody waits for a snapshot.
                await _threads.RunAsync(() => DeliverQueued(instance));
            }
        }
        finally
        {
            FailPendingCaptures();
            instance.Dispose();
        }
    }

    /// <summary>Runs on a guest thread: delivers queued messages until the queue is empty, a batch is done, the readers fall behind or a snapshot is asked for.</summary>
    private void DeliverQueued(ReactorInstance instance)
    {
        for (var delivered = 0; delivered < DeliveryBatch && State == WorkerState.Running; delivered++)
        {
            if (!_inbox.TryDequeue(out var message))
            {
                return;
            }

            if (SwapPairs && _inbox.TryDequeue(out var next))
            {
                Deliver(instance, next);
            }

            Deliver(instance, message);
            if (!Events.WaitForRoomAsync(CancellationToken.None).IsCompleted || CaptureRequested().IsCompleted)
            {
                return;
            }
        }
    }

    private void Deliver(ReactorInstance instance, InboundMessage message)
    {
        if (State != WorkerState.Running)
        {
            return;
        }

        var started = _time.GetTimestamp();
        try
        {
            instance.Deliver(message.Payload, message.Kind, _deadlineMs);
        }
        catch (GuestFault fault) when (fault.ExitCode is { } code)
        {
            End(WorkerState.Terminated, ExitReasons.ProcExit, code, null);
        }
        catch (GuestFault fault)
        {
            End(WorkerState.Failed, ExitReasons.Failed, null, ProblemDocument.From(fault.Type, fault.Message));
        }
        catch (Exception ex) when (ex is not OutOfMemoryException)
        {
            // A fault of the utility, not the guest: the worker still ends visibly, never silently.
            End(WorkerState.Failed, ExitReasons.Failed, null,
                ProblemDocument.From(ProblemTypes.InternalError, "The utility failed while delivering a message; the worker was stopped."));
        }
        finally
        {
            var elapsed = _time.GetElapsedTime(started);
            Interlocked.Add(ref _cpuTicks, elapsed.Ticks);
            Interlocked.Increment(ref _messagesIn);
            Volatile.Write(ref _lastDelivered, message.Sequence);
            MemoryBytes = instance.MemoryBytes;
            _recordMessage(message.Payload.Length, elapsed);
            MarkActive();
        }
    }

    private Task CaptureRequested()
    {
        lock (_captureGate)
        {
            return _captureRequested.Task;
        }
    }

    private void RunCaptures(ReactorInstance instance)
    {
        List<(Action<WorkerCapture> Write, Action<Exception> Fail)> due;
        lock (_captureGate)
        {
            if (_captures.Count == 0)
            {
                return;
            }

            due = [.. _captures];
            _captures.Clear();
            _captureRequested = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        }

        WorkerCapture state;
        try
        {
            state = new WorkerCapture(Id, Package, _time.GetUtcNow(), Volatile.Read(ref _lastDelivered), Events.LastId,
                instance.MemorySpan, instance.CaptureGlobals(), _inbox.Pending());
        }
        catch (Exception ex) when (IsCaptureFailure(ex))
        {
            due.ForEach(capture => capture.Fail(ex));
            return;
        }

        foreach (var capture in due)
        {
            try
            {
                capture.Write(state);
            }
            catch (Exception ex) when (IsCaptureFailure(ex))
            {
                capture.Fail(ex);
            }
        }
    }

    private static bool IsCaptureFailure(Exception ex) => ex is ProblemException or InvalidOperationException or OverflowException;

    private void FailPendingCaptures()
    {
        lock (_captureGate)
        {
            foreach (var capture in _captures)
            {
                capture.Fail(new ProblemException(ProblemTypes.WorkerGone, $"Worker {Id} ended before the snapshot was taken."));
            }

            _captures.Clear();
        }
    }
}
