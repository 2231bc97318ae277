using System.Threading.Channels;
using ComputeUtility.Server.Channels;
using ComputeUtility.Server.Packages;
using ComputeUtility.Server.Problems;
using ComputeUtility.Server.Sandbox;

namespace ComputeUtility.Server.Workers;

/// <summary>
/// A running guest and its two queues: inbound messages, delivered one at a time in the order
/// accepted, and the outbound <see cref="EventLog"/>. One loop owns the sandbox instance.
/// </summary>
internal sealed class Worker : IGuestOutput
{
    private readonly Channel<InboundMessage> _inbox;
    private readonly Lock _gate = new();
    private readonly TimeProvider _time;
    private readonly int _deadlineMs;
    private readonly Action<TimeSpan> _recordMessageTime;
    private ReactorInstance? _instance;
    private long _nextSequence = 1;
    private long _messagesIn;
    private long _messagesOut;
    private long _cpuTicks;
    private long _lastActivity;
    private int _channelOpen;
    private int _openStreams;
    private Task _loop = Task.CompletedTask;

    public Worker(string id, WorkerToken token, ResolvedPackage package, EventLog events, int maxQueuedMessages,
        int deadlineMs, TimeProvider time, Action<TimeSpan> recordMessageTime)
    {
        Id = id;
        Token = token;
        Package = package;
        Events = events;
        _time = time;
        _deadlineMs = deadlineMs;
        _recordMessageTime = recordMessageTime;
        CreatedAt = time.GetUtcNow();
        _lastActivity = CreatedAt.UtcTicks;
        _inbox = Channel.CreateBounded<InboundMessage>(
            new BoundedChannelOptions(maxQueuedMessages) { SingleReader = true, FullMode = BoundedChannelFullMode.Wait });
    }

    public string Id { get; }

    /// <summary>Test fault only (see Hosting.FaultSwitch): deliver queued messages in swapped pairs.</summary>
    public bool SwapPairs { get; init; }

    public WorkerToken Token { get; }

    public ResolvedPackage Package { get; }

    public EventLog Events { get; }

    public DateTimeOffset CreatedAt { get; }

    public WorkerState State { get; private set; } = WorkerState.Running;

    /// <summary>Raised once when the worker stops running, whatever the reason.</summary>
    public event Action<Worker>? Ended;

    public ProblemDocument? Failure { get; private set; }

    /// <summary>Why the worker ended (<see cref="ExitReasons"/>); null while it runs.</summary>
    public string? ExitReason { get; private set; }

    public DateTimeOffset? EndedAt { get; private set; }

    public DateTimeOffset LastActivityAt => new(Interlocked.Read(ref _lastActivity), TimeSpan.Zero);

    public long MessagesIn => Interlocked.Read(ref _messagesIn);

    public long MessagesOut => Interlocked.Read(ref _messagesOut);

    public double CpuTimeMs => TimeSpan.FromTicks(Interlocked.Read(ref _cpuTicks)).TotalMilliseconds;

    public long MemoryBytes { get; private set; }

    public int QueuedMessages => _inbox.Reader.CanCount ? _inbox.Reader.Count : 0;

    public bool ChannelOpen => Volatile.Read(ref _channelOpen) == 1;

    /// <summary>True while a WebSocket or an event stream is connected: a connected client keeps the worker from idling out.</summary>
    public bool Connected => ChannelOpen || Volatile.Read(ref _openStreams) > 0;

    /// <summary>Counts an open event stream; dispose to count it closed.</summary>
    public IDisposable OpenStream()
    {
        Interlocked.Increment(ref _openStreams);
        return new StreamLease(this);
    }

    /// <summary>Called once by a <see cref="StreamLease"/> when its stream closes.</summary>
    internal void StreamClosed()
    {
        Interlocked.Decrement(ref _openStreams);
        MarkActive();
    }

    /// <summary>Starts the delivery loop over an initialised instance.</summary>
    public void Start(ReactorInstance instance)
    {
        _instance = instance;
        MemoryBytes = instance.MemoryBytes;
        _loop = Task.Run(RunAsync);
    }

    /// <summary>Accepts a message without waiting; false when the queue is full. Throws worker-gone once ended.</summary>
    public bool TryAccept(ReadOnlyMemory<byte> payload, int kind, out long sequence)
    {
        lock (_gate)
        {
            ThrowIfEnded();
            sequence = _nextSequence;
            if (!_inbox.Writer.TryWrite(new InboundMessage(sequence, payload, kind)))
            {
                sequence = 0;
                return false;
            }

            _nextSequence++;
        }

        MarkActive();
        return true;
    }

    /// <summary>Accepts a message, waiting for room in the queue: the WebSocket's back-pressure.</summary>
    public async ValueTask<long> AcceptAsync(ReadOnlyMemory<byte> payload, int kind, CancellationToken cancellationToken)
    {
        while (true)
        {
            if (TryAccept(payload, kind, out var sequence))
            {
                return sequence;
            }

            if (!await _inbox.Writer.WaitToWriteAsync(cancellationToken))
            {
                ThrowIfEnded();
            }
        }
    }

    /// <summary>Claims the single WebSocket channel; false if one is open.</summary>
    public bool TryOpenChannel() => Interlocked.CompareExchange(ref _channelOpen, 1, 0) == 0;

    public void CloseChannel()
    {
        Volatile.Write(ref _channelOpen, 0);
        MarkActive();
    }

    /// <summary>Ends the worker: no more messages are accepted, queued ones are not delivered, the channel ends with an exit event.</summary>
    public Task TerminateAsync(string reason)
    {
        End(WorkerState.Terminated, reason, null, null);
        return _loop;
    }

    void IGuestOutput.OnMessage(ReadOnlySpan<byte> payload, int kind)
    {
        Interlocked.Increment(ref _messagesOut);
        Events.Append(kind == 0 ? EventKinds.Message : EventKinds.Binary, payload.ToArray());
    }

    void IGuestOutput.OnLog(string stream, string line) => Events.Append(EventKinds.Log, EventPayloads.Log(stream, line));

    private async Task RunAsync()
    {
        var instance = _instance!;
        try
        {
            await foreach (var message in InOrderAsync())
            {
                // Outbound back-pressure: do not produce more while readers are far behind.
                await Events.WaitForRoomAsync(CancellationToken.None);
                if (State != WorkerState.Running)
                {
                    break;
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
                    MemoryBytes = instance.MemoryBytes;
                    _recordMessageTime(elapsed);
                    MarkActive();
                }
            }
        }
        finally
        {
            instance.Dispose();
        }
    }

    /// <summary>Accepted messages in sequence order (or, under the test fault, in swapped pairs).</summary>
    private async IAsyncEnumerable<InboundMessage> InOrderAsync()
    {
        await foreach (var message in _inbox.Reader.ReadAllAsync())
        {
            if (SwapPairs && _inbox.Reader.TryRead(out var next))
            {
                yield return next;
            }

            yield return message;
        }
    }

    private void End(WorkerState state, string reason, int? exitCode, ProblemDocument? failure)
    {
        lock (_gate)
        {
            if (State != WorkerState.Running)
            {
                return;
            }

            State = state;
            Failure = failure;
            ExitReason = reason;
            EndedAt = _time.GetUtcNow();
            _inbox.Writer.TryComplete();
        }

        Ended?.Invoke(this);
        if (failure is not null)
        {
            Events.Append(EventKinds.Error, EventPayloads.Error(failure));
        }

        Events.Append(EventKinds.Exit, EventPayloads.Exit(reason, exitCode), last: true);
        Events.Complete();
    }

    private void ThrowIfEnded()
    {
        if (State != WorkerState.Running)
        {
            throw new ProblemException(ProblemTypes.WorkerGone, $"Worker {Id} has ended ({State.ToString().ToLowerInvariant()}); it takes no more messages.");
        }
    }

    public void MarkActive() => Interlocked.Exchange(ref _lastActivity, _time.GetUtcNow().UtcTicks);
}
