namespace ComputeUtility.Discovery.Wire;

/// <summary>A multicast DNS message: a query (with known answers and, when probing, proposed records) or a response.</summary>
internal sealed record MdnsPacket(
    ushort Id,
    bool IsResponse,
    IReadOnlyList<MdnsQuestion> Questions,
    IReadOnlyList<MdnsRecord> Answers,
    IReadOnlyList<MdnsRecord> Authorities,
    IReadOnlyList<MdnsRecord> Additionals)
{
    public bool IsTruncated { get; init; }

    public static MdnsPacket Query(IReadOnlyList<MdnsQuestion> questions, IReadOnlyList<MdnsRecord>? knownAnswers = null) =>
        new(0, false, questions, knownAnswers ?? [], [], []);

    public static MdnsPacket Response(IReadOnlyList<MdnsRecord> answers, IReadOnlyList<MdnsRecord>? additionals = null) =>
        new(0, true, [], answers, [], additionals ?? []);
}
