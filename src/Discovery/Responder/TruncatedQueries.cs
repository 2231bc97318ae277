using ComputeUtility.Discovery.Wire;

namespace ComputeUtility.Discovery.Responder;

/// <summary>
/// RFC 6762 §7.2: a query with TC set says more known answers follow. Its answer waits a random 400–500 ms,
/// while the known answers of the following packets from the same source are merged in; then the merged
/// query is handed on for answering. <typeparamref name="TSource"/> tells senders apart (socket and address).
/// </summary>
internal sealed class TruncatedQueries<TSource>(TimeProvider time, ResponderOptions options, Action<MdnsPacket, TSource> answer, CancellationToken life)
    where TSource : notnull
{
    private readonly Lock _gate = new();
    private readonly Dictionary<TSource, MdnsPacket> _waiting = [];

    /// <summary>True when the packet was kept: it starts a wait (TC set) or continues one from the same source.</summary>
    public bool Offer(MdnsPacket query, TSource key)
    {
        lock (_gate)
        {
            if (_waiting.TryGetValue(key, out var held))
            {
                _waiting[key] = held with
                {
                    Questions = [.. held.Questions, .. query.Questions.Where(q => !held.Questions.Contains(q))],
                    Answers = [.. held.Answers, .. query.Answers],
                };
                return true;
            }

            if (!query.IsTruncated || query.Questions.Count == 0)
            {
                return false;
            }

            _waiting[key] = query with { IsTruncated = false };
        }

        var wait = options.TruncatedQueryWaitMin + (options.TruncatedQueryWaitMax - options.TruncatedQueryWaitMin) * Random.Shared.NextDouble();
        _ = AnswerLaterAsync(key, wait);
        return true;
    }

    private async Task AnswerLaterAsync(TSource key, TimeSpan wait)
    {
        try
        {
            await Task.Delay(wait, time, life).ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
            return;
        }

        MdnsPacket merged;
        lock (_gate)
        {
            if (!_waiting.Remove(key, out merged!))
            {
                return;
            }
        }

        answer(merged, key);
    }
}
