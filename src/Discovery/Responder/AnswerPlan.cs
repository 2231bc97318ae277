using ComputeUtility.Discovery.Wire;

namespace ComputeUtility.Discovery.Responder;

/// <summary>What to answer a query with, before the choice of unicast or multicast and of a delay.</summary>
internal sealed record AnswerPlan(IReadOnlyList<MdnsRecord> Answers, IReadOnlyList<MdnsRecord> Additionals)
{
    public bool IsEmpty => Answers.Count == 0;

    /// <summary>RFC 6762 §6: shared records (PTR) are answered after 20–120 ms so that several responders' answers merge.</summary>
    public bool HasShared => Answers.Any(a => !a.CacheFlush);
}
