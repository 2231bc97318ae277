using ComputeUtility.Server.Problems;

namespace ComputeUtility.Server.Sandbox;

/// <summary>
/// Compilations each client has started and that have not ended, waiting for a slot or running. One that ran past its
/// deadline (Wasmtime cannot stop it) still counts until it ends, so a client cannot start more by giving up on them.
/// </summary>
internal sealed class ClientCompilations(int perClient)
{
    private readonly Lock _gate = new();
    private readonly Dictionary<string, int> _inFlight = new(StringComparer.Ordinal);

    public int PerClient => perClient;

    /// <summary>Counts one more compilation for <paramref name="client"/>, or returns false when it has its share in flight.</summary>
    public bool TryEnter(string client)
    {
        lock (_gate)
        {
            _inFlight.TryGetValue(client, out var count);
            if (count >= perClient)
            {
                return false;
            }

            _inFlight[client] = count + 1;
            return true;
        }
    }

    public void Exit(string client)
    {
        lock (_gate)
        {
            if (_inFlight.TryGetValue(client, out var count) && count > 1)
            {
                _inFlight[client] = count - 1;
            }
            else
            {
                _inFlight.Remove(client);
            }
        }
    }

    /// <summary>The answer to a client that has its share in flight: 429 rate-limited, the budget named as CU-RATE-4 asks.</summary>
    public ProblemException Refusal(int retryAfterSeconds) =>
        new ProblemException(ProblemTypes.RateLimited,
                $"This client already has {perClient} module(s) compiling (limits.maxCompilationsPerClient); retry when they are done.")
            { RetryAfterSeconds = retryAfterSeconds }
            .With("budget", "compilations").With("limit", perClient);

    /// <summary>Compilations in flight for <paramref name="client"/>.</summary>
    public int Of(string client)
    {
        lock (_gate)
        {
            return _inFlight.GetValueOrDefault(client);
        }
    }
}
