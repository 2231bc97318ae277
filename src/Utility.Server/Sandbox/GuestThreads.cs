using System.Runtime.CompilerServices;
using ComputeUtility.Server.Limits;
using Microsoft.Extensions.Options;

namespace ComputeUtility.Server.Sandbox;

/// <summary>
/// The threads guest code runs on — never the thread pool, so runaway guests cannot starve Kestrel, timers or
/// continuations. At most <see cref="LimitsOptions.MaxGuestThreads"/>, started on demand and ended after a minute
/// idle; further calls wait in order (their deadline starts when they run). On Linux they run at a lower priority
/// (nice 10) than the server's own threads, so a busy guest yields the core to a request or the epoch ticker.
/// </summary>
internal sealed class GuestThreads : IDisposable
{
    private const int Nice = 10;
    // Wasmtime's guest stack (1 MiB, WasmRuntime) lives on the host thread's stack, with host frames around it.
    private const int StackBytes = 8 * 1024 * 1024;
    private static readonly TimeSpan IdleLifetime = TimeSpan.FromSeconds(60);
    private readonly Queue<Action> _work = new();
    private readonly object _gate = new();
    private int _threads;
    private int _idle;
    private int _busy;
    private bool _disposed;

    public GuestThreads(IOptions<LimitsOptions> limits) => Max = limits.Value.MaxGuestThreads;

    /// <summary>Threads guest code may run on at once.</summary>
    public int Max { get; }

    /// <summary>Guest calls running now.</summary>
    public int Busy => Volatile.Read(ref _busy);

    /// <summary>Guest calls waiting for a thread.</summary>
    public int Waiting
    {
        get
        {
            lock (_gate)
            {
                return _work.Count;
            }
        }
    }

    /// <summary>Runs <paramref name="call"/> on a guest thread; the task completes on the thread pool, not on that thread.</summary>
    public Task<T> RunAsync<T>(Func<T> call)
    {
        var completion = new TaskCompletionSource<T>(TaskCreationOptions.RunContinuationsAsynchronously);
        Enqueue(() =>
        {
            try
            {
                completion.SetResult(call());
            }
            catch (Exception ex)
            {
                completion.SetException(ex);
            }
        });
        return completion.Task;
    }

    /// <inheritdoc cref="RunAsync{T}(Func{T})"/>
    public Task RunAsync(Action call) => RunAsync(() =>
    {
        call();
        return true;
    });

    private void Enqueue(Action work)
    {
        lock (_gate)
        {
            ObjectDisposedException.ThrowIf(_disposed, this);
            _work.Enqueue(work);
            if (_idle > 0)
            {
                Monitor.Pulse(_gate);
            }

            // Waiters woken but not yet running still count as idle: start a thread only for calls none of them will take.
            if (_work.Count <= _idle || _threads >= Max)
            {
                return; // an idle thread takes it, or every thread is busy and the call waits its turn
            }

            _threads++;
        }

        // UnsafeStart: a thread started from a request would otherwise keep that request's ExecutionContext (and what it holds) for its life.
        new Thread(Serve, StackBytes) { IsBackground = true, Name = "wasm-guest" }.UnsafeStart();
    }

    private void Serve()
    {
        LowerPriority();
        while (RunNext())
        {
        }
    }

    // Not inlined, nor the wait inside it: an idle thread waits in a fresh frame, so nothing its last call left on the
    // stack (a debug build keeps temporaries to the end of a method) keeps that call's closure, and the worker, alive.
    [MethodImpl(MethodImplOptions.NoInlining)]
    private bool RunNext()
    {
        if (Next() is not { } work)
        {
            return false;
        }

        Interlocked.Increment(ref _busy);
        try
        {
            work();
        }
        finally
        {
            Interlocked.Decrement(ref _busy);
        }

        return true;
    }

    /// <summary>The next call to run, waiting for one up to a minute; null when this thread should end.</summary>
    private Action? Next()
    {
        lock (_gate)
        {
            while (true)
            {
                if (_work.TryDequeue(out var work))
                {
                    return work;
                }

                if (_disposed)
                {
                    _threads--;
                    return null;
                }

                _idle++;
                var woken = Monitor.Wait(_gate, IdleLifetime);
                _idle--;
                if (!woken && _work.Count == 0)
                {
                    _threads--;
                    return null;
                }
            }
        }
    }

    private static void LowerPriority()
    {
        if (!ThreadNiceness.TrySet(Nice))
        {
            Thread.CurrentThread.Priority = ThreadPriority.BelowNormal; // elsewhere than Linux; there a no-op at worst
        }
    }

    public void Dispose()
    {
        lock (_gate)
        {
            _disposed = true;
            Monitor.PulseAll(_gate);
        }
    }
}
