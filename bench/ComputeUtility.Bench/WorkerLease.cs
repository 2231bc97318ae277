namespace ComputeUtility.Bench;

/// <summary>
/// An echo worker that is deleted when the measurement ends, with its own short budget, so a
/// phase that timed out still cleans up and a failed delete never hides the phase's real error.
/// </summary>
internal sealed class WorkerLease(UtilityClient client, CreatedWorker worker) : IAsyncDisposable
{
    public CreatedWorker Worker { get; } = worker;

    public static async Task<WorkerLease> CreateAsync(UtilityClient client, DemoPackage package, Deadline deadline) =>
        new(client, await deadline.Within(client.CreateWorkerAsync(package, deadline.Token), $"creating a {package.Name} worker"));

    public async ValueTask DisposeAsync()
    {
        using var cleanup = new Deadline("cleanup", TimeSpan.FromSeconds(10));
        try
        {
            await cleanup.Within(client.DeleteWorkerAsync(Worker, cleanup.Token), "deleting worker " + Worker.Id);
        }
        catch (Exception ex) when (ex is BenchFailure or HttpRequestException)
        {
            await Console.Error.WriteLineAsync($"warning: could not delete worker {Worker.Id}: {ex.Message}");
        }
    }
}
