namespace ComputeUtility.Server.Events;

/// <summary>
/// A worker's outbound events with contiguous ids, kept in a ring bounded by count and bytes so
/// a reader can resume after a disconnect. Readers that fall behind the ring learn it from a gap.
/// </summary>
internal sealed class EventLog
{
    /// <summary>Rough size of one kept event besides its data (the event object, its array header, the ring slot).</summary>
    public const int EventOverheadBytes = 96;

    private readonly Lock _gate = new();
    /// <summary>Slots a fresh log starts with: an idle worker should not hold <c>EventBufferEvents</c> slots (32 KiB at 4,096).</summary>
    private const int InitialSlots = 16;

    private readonly int _maxEvents;
    private ChannelEvent?[] _ring;
    private readonly long _maxBytes;
    private long _nextId = 1;
    private long _oldestId = 1;
    private long _bytes;
    private long _readUpTo;
    private long _unreadBytes;
    private bool _completed;
    private TaskCompletionSource _changed = NewSignal();
    private TaskCompletionSource _drained = NewSignal();

    public EventLog(int maxEvents, long maxBytes)
    {
        _maxEvents = maxEvents;
        _ring = new ChannelEvent?[Math.Min(InitialSlots, maxEvents)];
        _maxBytes = maxBytes;
    }

    /// <summary>Id of the newest event; 0 when none was appended.</summary>
    public long LastId
    {
        get
        {
            lock (_gate)
            {
                return _nextId - 1;
            }
        }
    }

    /// <summary>What the kept events cost: their data plus an estimate of each event's own overhead (the ring not counted).</summary>
    public long RetainedBytes
    {
        get
        {
            lock (_gate)
            {
                return _bytes + ((_nextId - _oldestId) * EventOverheadBytes);
            }
        }
    }

    /// <summary>What the log costs besides its events: its ring of slots (grown as events are kept, up to the count limit).</summary>
    public long RingBytes => (long)_ring.Length * IntPtr.Size;

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

    /// <summary>Appends an event and wakes readers; returns its id, or 0 after <see cref="Complete"/>.</summary>
    public long Append(string kind, ReadOnlyMemory<byte> data, bool last = false)
    {
        TaskCompletionSource signal;
        long id;
        lock (_gate)
        {
            if (_completed)
            {
                return 0;
            }

            id = _nextId++;
            if (id - _oldestId >= _ring.Length && _ring.Length < _maxEvents)
            {
                Grow();
            }

            var slot = (int)(id % _ring.Length);
            if (_ring[slot] is { } overwritten)
            {
                Evict(overwritten);
                _oldestId = overwritten.Id + 1;
            }

            _ring[slot] = new ChannelEvent(id, kind, data);
            _bytes += data.Length;
            _unreadBytes += data.Length;
            while (_bytes > _maxBytes && _oldestId < id)
            {
                var oldest = (int)(_oldestId % _ring.Length);
                Evict(_ring[oldest]!);
                _ring[oldest] = null;
                _oldestId++;
            }

            _completed = last;
            signal = _changed;
            _changed = NewSignal();
        }

        signal.TrySetResult();
        return id;
    }

    /// <summary>
    /// Records that a reader delivered every event up to <paramref name="id"/>: the producer's
    /// back-pressure (see <see cref="WaitForRoomAsync"/>) counts only events nobody has read.
    /// </summary>
    public void MarkRead(long id)
    {
        TaskCompletionSource? signal = null;
        lock (_gate)
        {
            if (id <= _readUpTo)
            {
                return;
            }

            for (var next = Math.Max(_readUpTo + 1, _oldestId); next <= id && next < _nextId; next++)
            {
                _unreadBytes -= _ring[(int)(next % _ring.Length)]!.Data.Length;
            }

            _readUpTo = Math.Min(id, _nextId - 1);
            if (HasRoom())
            {
                signal = _drained;
                _drained = NewSignal();
            }
        }

        signal?.TrySetResult();
    }

    /// <summary>
    /// Completes when at most half the buffer (by count and bytes) is unread, so a producer that
    /// waits here before each step never makes the buffer drop events a reader has not seen.
    /// </summary>
    public Task WaitForRoomAsync(CancellationToken cancellationToken)
    {
        lock (_gate)
        {
            return HasRoom() || _completed ? Task.CompletedTask : _drained.Task.WaitAsync(cancellationToken);
        }
    }

    private bool HasRoom() => _nextId - 1 - _readUpTo <= _maxEvents / 2 && _unreadBytes <= _maxBytes / 2;

    /// <summary>Doubles the ring (up to the count limit) when the kept events fill it; each kept event moves to its slot in the new ring.</summary>
    private void Grow()
    {
        var grown = new ChannelEvent?[Math.Min(_maxEvents, _ring.Length * 2)];
        for (var kept = _oldestId; kept < _nextId - 1; kept++)
        {
            grown[(int)(kept % grown.Length)] = _ring[(int)(kept % _ring.Length)];
        }

        _ring = grown;
    }

    private void Evict(ChannelEvent evicted)
    {
        _bytes -= evicted.Data.Length;
        if (evicted.Id > _readUpTo)
        {
            _unreadBytes -= evicted.Data.Length;
        }
    }

    /// <summary>
    /// Drops the events every reader has already been given, keeping the unread ones (the last, <c>exit</c>, among
    /// them). A later stream that asks for a dropped event gets a <c>gap</c>, as for any event that left the buffer.
    /// Returns the bytes freed.
    /// </summary>
    public long DropRead()
    {
        lock (_gate)
        {
            var before = _bytes + ((_nextId - _oldestId) * EventOverheadBytes);
            while (_oldestId <= _readUpTo && _oldestId < _nextId)
            {
                var slot = (int)(_oldestId % _ring.Length);
                Evict(_ring[slot]!);
                _ring[slot] = null;
                _oldestId++;
            }

            return before - (_bytes + ((_nextId - _oldestId) * EventOverheadBytes));
        }
    }

    /// <summary>Ends the log without an event (the last event was appended with <c>last: true</c> or none will come).</summary>
    public void Complete()
    {
        TaskCompletionSource signal;
        TaskCompletionSource drained;
        lock (_gate)
        {
            _completed = true;
            signal = _changed;
            _changed = NewSignal();
            drained = _drained;
        }

        signal.TrySetResult();
        drained.TrySetResult();
    }

    /// <summary>
    /// Copies up to <paramref name="max"/> events after <paramref name="afterId"/> into <paramref name="into"/>.
    /// Returns the ids that were asked for but are no longer kept (empty range when none).
    /// </summary>
    public (long From, long To) Read(long afterId, List<ChannelEvent> into, int max)
    {
        lock (_gate)
        {
            // A client's Last-Event-ID may be long.MaxValue: nothing follows it, and +1 must not wrap to the start.
            var wanted = afterId < long.MaxValue ? afterId + 1 : long.MaxValue;
            var first = Math.Max(wanted, _oldestId);
            for (var id = first; id < _nextId && into.Count < max; id++)
            {
                into.Add(_ring[(int)(id % _ring.Length)]!);
            }

            return wanted < _oldestId ? (wanted, _oldestId - 1) : (0, -1);
        }
    }

    /// <summary>Completes when an event newer than <paramref name="afterId"/> exists or the log is complete.</summary>
    public Task WaitAsync(long afterId, CancellationToken cancellationToken)
    {
        Task signal;
        lock (_gate)
        {
            if (_nextId - 1 > afterId || _completed)
            {
                return Task.CompletedTask;
            }

            signal = _changed.Task;
        }

        return signal.WaitAsync(cancellationToken);
    }

    private static TaskCompletionSource NewSignal() => new(TaskCreationOptions.RunContinuationsAsynchronously);
}
