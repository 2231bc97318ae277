using ComputeUtility.Server.Access;
using ComputeUtility.Server.Events;
using ComputeUtility.Server.Messages;
using ComputeUtility.Server.Packages;
using ComputeUtility.Server.Problems;
using ComputeUtility.Server.Sandbox;
using ComputeUtility.Server.Telemetry;

namespace ComputeUtility.Server.Workers;

/// <summary>
/// A running guest and its two queues: inbound messages, delivered one at a time in the order
/// accepted, and the outbound <see cref="EventLog"/>. One loop (Worker.Loop.cs) owns the sandbox instance.
/// </summary>
internal sealed partial class Worker : IGuestOutput
{
    private readonly MessageQueue _inbox;
    private readonly Lock _gate = new();
    private readonly TimeProvider _time;
    private readonly int _deadlineMs;
    private readonly Action<long, TimeSpan> _recordMessage;
    private readonly GuestThreads _threads;
    private ReactorInstance? _instance;
    private long _nextSequence = 1;
    private long _messagesIn;
    private long _messagesOut;
    private long _cpuTicks;
    private long _lastActivity;
    private int _openStreams;
    private Task _loop = Task.CompletedTask;

    /// <param name="recordMessage">Called after each delivered message with its size and how long the guest took.</param>
    /// <param name="threads">Where the guest runs: deliveries go to a guest thread, never the thread pool.</param>
    public Worker(string id, WorkerToken token, ResolvedPackage package, EventLog events, int maxQueuedMessages,
        int deadlineMs, TimeProvider time, Action<long, TimeSpan> recordMessage, GuestThreads threads)
    {
        _threads = threads;
        Id = id;
        Token = token;
        Package = package;
        Events = events;
        _time = time;
        _deadlineMs = deadlineMs;
        _recordMessage = recordMessage;
        CreatedAt = time.GetUtcNow();
        _lastActivity = CreatedAt.UtcTicks;
        _inbox = new MessageQueue(maxQueuedMessages);
    }

    public string Id { get; }

    /// <summary>Test fault only (see Faults.FaultSwitch): deliver queued messages in swapped pairs.</summary>
    public bool SwapPairs { get; init; }

    /// <summary>Where the messages the guest sends are counted.</summary>
    public UtilityMetrics? Telemetry { get; init; }

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

    public int QueuedMessages => _inbox.Count;

    /// <summary>The worker's single WebSocket channel; a newer channel takes it over (CU-CHAN-4).</summary>
    public ChannelSlot Channel { get; } = new();

    public bool ChannelOpen => Channel.IsOpen;

    /// <summary>True while a WebSocket or an event stream is connected: a connected client keeps the worker from idling out.</summary>
    public bool Connected => ChannelOpen || Volatile.Read(ref _openStreams) > 0;

    /// <summary>Starts the delivery loop over an initialised (or restored) instance.</summary>
    /// <param name="pending">Messages a restored snapshot had not delivered, with their sequence numbers.</param>
    /// <param name="lastDelivered">Sequence number of the last message the instance's state reflects.</param>
    public void Start(ReactorInstance instance, IReadOnlyList<InboundMessage>? pending = null, long lastDelivered = 0)
    {
        _instance = instance;
        // A runaway message is reported when its deadline passes, by the epoch ticker, not when its niced thread next gets a core.
        instance.OnDeadlinePassed(fault => End(WorkerState.Failed, ExitReasons.Failed, null, ProblemDocument.From(fault.Type, fault.Message)));
        MemoryBytes = instance.MemoryBytes;
        _lastDelivered = lastDelivered;
        _nextSequence = lastDelivered + 1;
        foreach (var message in pending ?? [])
        {
            _inbox.TryEnqueue(message);
            _nextSequence = message.Sequence + 1;
        }

        _loop = Task.Run(RunAsync);
    }

    /// <summary>Accepts a message without waiting; false when the queue is full. Throws worker-gone once ended.</summary>
    public bool TryAccept(ReadOnlyMemory<byte> payload, MessageKind kind, out long sequence)
    {
        lock (_gate)
        {
            ThrowIfEnded();
            sequence = _nextSequence;
            if (!_inbox.TryEnqueue(new InboundMessage(sequence, payload, kind)))
            {
                sequence = 0;
                return false;
            }

            _nextSequence++;
        }

        MarkActive();
        MarkClientSeen(always: false);
        return true;
    }

    /// <summary>Accepts a message, waiting for room in the queue: the WebSocket's back-pressure.</summary>
    public async ValueTask<long> AcceptAsync(ReadOnlyMemory<byte> payload, MessageKind kind, CancellationToken cancellationToken)
    {
        while (true)
        {
            if (TryAccept(payload, kind, out var sequence))
            {
                return sequence;
            }

            await _inbox.WaitToWriteAsync(cancellationToken);
        }
    }

    /// <summary>Claims the WebSocket channel, taking it over from the channel open before (CU-CHAN-4).</summary>
    public ChannelLease TakeOverChannel(long reservation) => Channel.TakeOver(reservation);

    public void CloseChannel(ChannelLease lease)
    {
        Channel.Release(lease);
        MarkActive();
        MarkClientSeen(always: true);
    }

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
        MarkClientSeen(always: true);
    }

    /// <summary>Ends the worker: no more messages are accepted, queued ones are not delivered, the channel ends with an exit event.</summary>
    public Task TerminateAsync(string reason)
    {
        End(WorkerState.Terminated, reason, null, null);
        return _loop;
    }

    public void MarkActive() => Interlocked.Exchange(ref _lastActivity, _time.GetUtcNow().UtcTicks);

    void IGuestOutput.OnMessage(ReadOnlySpan<byte> payload, MessageKind kind)
    {
        Interlocked.Increment(ref _messagesOut);
        Telemetry?.MessageOut();
        Events.Append(kind == MessageKind.Json ? EventKinds.Message : EventKinds.Binary, payload.ToArray());
    }

    void IGuestOutput.OnLog(string stream, string line) => Events.Append(EventKinds.Log, EventPayloads.Log(stream, line));

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
            _inbox.Complete();
        }

        // A call still running (a runaway guest) stops at the next tick instead of holding its thread to the deadline.
        _instance?.Interrupt();
        Ended?.Invoke(this);
        FailPendingCaptures();
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
}
