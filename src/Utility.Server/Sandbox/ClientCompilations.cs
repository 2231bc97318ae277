using ComputeUtility.Server.Http;
using ComputeUtility.Server.Problems;

namespace ComputeUtility.Server.Sandbox;

/// <summary>
/// Compilations each client has started and that have not ended, waiting for a slot or running. One that ran past its
/// deadline (Wasmtime cannot stop it) still counts until it ends, so a client cannot start more by giving up on them.
/// </summary>
internal sealed class ClientCompilations(int perClient)
{
    private readonly Http.ClientSlots _slots = new(perClient);

    public int PerClient => perClient;

    /// <summary>Counts one more compilation for <paramref name="client"/>, or returns false when it has its share in flight.</summary>
    public bool TryEnter(string client) => _slots.TryTake(client);

    public void Exit(string client) => _slots.Return(client);

    /// <summary>The answer to a client that has its share in flight: 429 rate-limited, the budget named as CU-RATE-4 asks.</summary>
    public ProblemException Refusal(int retryAfterSeconds) =>
        new ProblemException(ProblemTypes.RateLimited,
                $"This client already has {perClient} module(s) compiling (limits.maxCompilationsPerClient); retry when they are done.")
            { RetryAfterSeconds = retryAfterSeconds }
            .With("budget", "compilations").With("limit", perClient);

    /// <summary>Compilations in flight for <paramref name="client"/>.</summary>
    public int Of(string client) => _slots.Held(client);
}
