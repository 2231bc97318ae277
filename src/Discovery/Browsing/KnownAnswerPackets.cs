using System.Buffers;
using ComputeUtility.Discovery.Wire;

namespace ComputeUtility.Discovery.Browsing;

/// <summary>
/// RFC 6762 §7.2: a query whose known answers do not fit one packet goes out as several. The first carries
/// the questions and the known answers that fit, the following ones only known answers; every packet but
/// the last has TC set, so responders wait for the rest before answering.
/// </summary>
internal static class KnownAnswerPackets
{
    public static IReadOnlyList<MdnsPacket> Split(MdnsPacket query, int maxBytes)
    {
        var buffer = ArrayPool<byte>.Shared.Rent(ushort.MaxValue);
        try
        {
            var packets = new List<MdnsPacket>();
            var current = query with { Answers = [], IsTruncated = false };
            var held = new List<MdnsRecord>();
            foreach (var known in query.Answers)
            {
                // A single record too large for a packet still travels, alone.
                if (held.Count > 0 && MdnsPacketWriter.Write(current with { Answers = [.. held, known] }, buffer) > maxBytes)
                {
                    packets.Add(current with { Answers = held.ToArray(), IsTruncated = true });
                    current = new MdnsPacket(query.Id, false, [], [], [], []);
                    held.Clear();
                }

                held.Add(known);
            }

            packets.Add(current with { Answers = held.ToArray() });
            return packets;
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }
}
