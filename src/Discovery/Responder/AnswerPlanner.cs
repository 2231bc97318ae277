using ARSoft.Tools.Net.Dns;
using ComputeUtility.Discovery.Wire;

namespace ComputeUtility.Discovery.Responder;

/// <summary>Chooses the answers and additional records for a query (RFC 6762 §6, §7.1; RFC 6763 §12).</summary>
internal static class AnswerPlanner
{
    public static AnswerPlan Plan(MdnsPacket query, IReadOnlyList<MdnsRecord> ours)
    {
        var answers = new List<MdnsRecord>();
        foreach (var question in query.Questions)
        {
            foreach (var record in ours)
            {
                if (question.Matches(record) && !answers.Contains(record) && !KnownToQuerier(query, record))
                {
                    answers.Add(record);
                }
            }
        }

        var additionals = new List<MdnsRecord>();
        foreach (var answer in answers.ToArray())
        {
            var wanted = answer.Type switch
            {
                RecordType.Ptr => ours.Where(r => r.Name.Equals(answer.Target) && r.Type is RecordType.Srv or RecordType.Txt),
                _ => [],
            };
            foreach (var extra in wanted)
            {
                Add(additionals, answers, extra, query);
                if (extra.Type == RecordType.Srv)
                {
                    foreach (var address in ours.Where(r => r.Type is RecordType.A or RecordType.Aaaa && r.Name.Equals(extra.Target)))
                    {
                        Add(additionals, answers, address, query);
                    }
                }
            }

            if (answer.Type == RecordType.Srv)
            {
                foreach (var address in ours.Where(r => r.Type is RecordType.A or RecordType.Aaaa && r.Name.Equals(answer.Target)))
                {
                    Add(additionals, answers, address, query);
                }
            }
        }

        return new AnswerPlan(answers, additionals);
    }

    /// <summary>Known-answer suppression: the querier lists the record with at least half its TTL left.</summary>
    private static bool KnownToQuerier(MdnsPacket query, MdnsRecord record) =>
        query.Answers.Any(known => known.SameRecord(record) && known.Ttl >= record.Ttl / 2);

    private static void Add(List<MdnsRecord> additionals, List<MdnsRecord> answers, MdnsRecord record, MdnsPacket query)
    {
        if (!answers.Contains(record) && !additionals.Contains(record) && !KnownToQuerier(query, record))
        {
            additionals.Add(record);
        }
    }
}
