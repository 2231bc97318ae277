namespace ComputeUtility.Server.Sandbox;

/// <summary>
/// The guest calls whose owner wants to hear of a passed deadline at once (<see cref="GuestDeadline.Expired"/>): the
/// epoch ticker looks at them every tick and reports an expired one itself, on its own thread, so the report does not
/// wait for the guest's thread (niced, on a busy machine perhaps far from a core) to notice the tick and unwind.
/// </summary>
internal sealed class DeadlineWatch
{
    private readonly Lock _gate = new();
    private readonly HashSet<GuestDeadline> _running = [];
    private GuestDeadline[] _scratch = [];

    public void Add(GuestDeadline deadline)
    {
        lock (_gate)
        {
            _running.Add(deadline);
        }
    }

    public void Remove(GuestDeadline deadline)
    {
        lock (_gate)
        {
            _running.Remove(deadline);
        }
    }

    /// <summary>Runs on the ticker's thread: reports every watched call past its deadline (each once).</summary>
    public void Check()
    {
        int count;
        lock (_gate)
        {
            count = _running.Count;
            if (count == 0)
            {
                return;
            }

            if (_scratch.Length < count)
            {
                _scratch = new GuestDeadline[Math.Max(count, _scratch.Length * 2)];
            }

            _running.CopyTo(_scratch);
        }

        for (var i = 0; i < count; i++)
        {
            _scratch[i].ReportIfExpired();
            _scratch[i] = null!;
        }
    }
}
