using ComputeUtility.Server.Messages;

namespace ComputeUtility.Server.Workers;

/// <summary>
/// A worker's bounded inbound queue. Unlike a channel it can show what is still waiting, which a
/// snapshot carries as undelivered messages, and it can be woken for work other than a message.
/// </summary>
internal sealed class MessageQueue(int capacity)
{
    private readonly Lock _gate = new();
    private readonly Queue<InboundMessage> _items = new();
    private bool _completed;
    private TaskCompletionSource _readable = NewSignal();
    private TaskCompletionSource _writable = NewSignal();

    public int Count
    {
        get
        {
            lock (_gate)
            {
                return _items.Count;
            }
        }
    }

    public bool IsCompleted
    {
        get
        {
            lock (_gate)
            {
                return _completed;
            }
        }
    }

    /// <summary>Adds a message unless the queue is full or completed.</summary>
    public bool TryEnqueue(InboundMessage message)
    {
        TaskCompletionSource signal;
        lock (_gate)
        {
            if (_completed || _items.Count >= capacity)
            {
                return false;
            }

            _items.Enqueue(message);
            signal = Swap(ref _readable);
        }

        signal.TrySetResult();
        return true;
    }

    public bool TryDequeue(out InboundMessage message)
    {
        TaskCompletionSource? signal = null;
        bool taken;
        lock (_gate)
        {
            taken = _items.TryDequeue(out message);
            if (taken)
            {
                signal = Swap(ref _writable);
            }
        }

        signal?.TrySetResult();
        return taken;
    }

    /// <summary>The waiting messages, oldest first, left in place.</summary>
    public InboundMessage[] Pending()
    {
        lock (_gate)
        {
            return _items.ToArray();
        }
    }

    /// <summary>Completes when there is a message, the queue is completed, or <see cref="Wake"/> is called.</summary>
    public Task WaitToReadAsync()
    {
        lock (_gate)
        {
            return _items.Count > 0 || _completed ? Task.CompletedTask : _readable.Task;
        }
    }

    /// <summary>Completes when there is room or the queue is completed.</summary>
    public Task WaitToWriteAsync(CancellationToken cancellationToken)
    {
        lock (_gate)
        {
            return _items.Count < capacity || _completed ? Task.CompletedTask : _writable.Task.WaitAsync(cancellationToken);
        }
    }

    /// <summary>Wakes the reader without a message (it has other work, such as a snapshot).</summary>
    public void Wake()
    {
        TaskCompletionSource signal;
        lock (_gate)
        {
            signal = Swap(ref _readable);
        }

        signal.TrySetResult();
    }

    /// <summary>Stops accepting; waiting messages are dropped with the worker.</summary>
    public void Complete()
    {
        TaskCompletionSource readable, writable;
        lock (_gate)
        {
            _completed = true;
            readable = Swap(ref _readable);
            writable = Swap(ref _writable);
        }

        readable.TrySetResult();
        writable.TrySetResult();
    }

    private static TaskCompletionSource Swap(ref TaskCompletionSource field)
    {
        var old = field;
        field = NewSignal();
        return old;
    }

    private static TaskCompletionSource NewSignal() => new(TaskCreationOptions.RunContinuationsAsynchronously);
}
