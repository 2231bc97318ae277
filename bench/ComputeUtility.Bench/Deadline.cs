namespace ComputeUtility.Bench;

/// <summary>
/// A time budget for one phase: every await of the phase takes its token, so a stuck server
/// fails the phase with a named timeout instead of hanging the run.
/// </summary>
internal sealed class Deadline : IDisposable
{
    private readonly CancellationTokenSource _source;

    public Deadline(string phase, TimeSpan budget)
    {
        Phase = phase;
        Budget = budget;
        _source = new CancellationTokenSource(budget);
    }

    public string Phase { get; }

    public TimeSpan Budget { get; }

    public CancellationToken Token => _source.Token;

    /// <summary>Awaits <paramref name="task"/> within the phase budget; a timeout becomes a <see cref="BenchFailure"/> naming the step.</summary>
    public async Task<T> Within<T>(Task<T> task, string step)
    {
        try
        {
            return await task.WaitAsync(Token);
        }
        catch (OperationCanceledException) when (Token.IsCancellationRequested)
        {
            throw Expired(step);
        }
    }

    /// <inheritdoc cref="Within{T}(Task{T}, string)"/>
    public async Task Within(Task task, string step)
    {
        try
        {
            await task.WaitAsync(Token);
        }
        catch (OperationCanceledException) when (Token.IsCancellationRequested)
        {
            throw Expired(step);
        }
    }

    public BenchFailure Expired(string step) =>
        new($"{Phase}: timed out after {Budget.TotalSeconds:0} s while {step}");

    public void Dispose() => _source.Dispose();
}
