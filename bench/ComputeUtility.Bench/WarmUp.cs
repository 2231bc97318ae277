namespace ComputeUtility.Bench;

/// <summary>
/// Brings a fresh server to the state its memory is compared against: both message paths run once at a small size
/// (the JIT, the pools, the compiled module), then the warm-up's workers are left until the server forgets them
/// (their retention, CU-WRK-12) and gives memory back, so the baseline is a warm server at rest — not one still
/// holding the warm-up's events, which would flatter every later comparison.
/// </summary>
internal static class WarmUp
{
    /// <summary>Enough workers at once for the concurrent paths, enough messages for the hot methods to reach their final tier.</summary>
    private const int WarmUpWorkers = 10;

    private const int WarmUpMessages = 1_000;

    /// <summary>Retention is 60 s and a sweep runs at most 10 s later; past this, the server is not forgetting.</summary>
    private static readonly TimeSpan ForgetWithin = TimeSpan.FromSeconds(90);

    public static async Task RunAsync(UtilityClient client, HttpClient http, Uri server)
    {
        await LoadBench.RunPhaseAsync(client, http, webSocket: true, workers: WarmUpWorkers, messages: WarmUpMessages);
        await LoadBench.RunPhaseAsync(client, http, webSocket: false, workers: WarmUpWorkers, messages: WarmUpMessages);

        // Bounded: ForgetWithin in 1 s polls of the owner's view of the server (the bench runs on its machine).
        var polls = (int)ForgetWithin.TotalSeconds;
        for (var i = 0; i < polls && await ListedWorkersAsync(http, server) > 0; i++)
        {
            await Task.Delay(TimeSpan.FromSeconds(1));
        }

        var left = await ListedWorkersAsync(http, server);
        if (left > 0)
        {
            throw new BenchFailure($"the server still lists {left} warm-up workers {ForgetWithin.TotalSeconds:0} s after they ended");
        }

        await Task.Delay(TimeSpan.FromSeconds(2));
    }

    private static async Task<int> ListedWorkersAsync(HttpClient http, Uri server)
    {
        using var state = JsonDocument.Parse(await http.GetStringAsync(new Uri(server, "/dashboard/state")));
        return state.RootElement.GetProperty("workers").GetArrayLength();
    }
}
