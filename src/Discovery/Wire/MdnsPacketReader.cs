using System.Buffers.Binary;
using ARSoft.Tools.Net.Dns;

namespace ComputeUtility.Discovery.Wire;

/// <summary>
/// Turns a datagram into a <see cref="MdnsPacket"/>, or rejects it. ARSoft.Tools.Net parses the message;
/// this type guards it first (length, plausible section counts) and keeps only Internet-class records of
/// the kinds DNS-SD uses, so a hostile packet costs little and never reaches the protocol logic.
/// </summary>
internal static class MdnsPacketReader
{
    private const int HeaderBytes = 12;
    private const int MinQuestionBytes = 5;   // root name + type + class
    private const int MinRecordBytes = 11;    // root name + type + class + ttl + rdlength

    public static bool TryRead(ArraySegment<byte> datagram, out MdnsPacket? packet)
    {
        packet = null;
        var span = datagram.AsSpan();
        if (span.Length < HeaderBytes || span.Length > MdnsConstants.MaxPacketBytes)
        {
            return false;
        }

        // RFC 6762 §18.3: opcode must be 0 and rcode 0; anything else is silently ignored.
        var flags = BinaryPrimitives.ReadUInt16BigEndian(span[2..]);
        if ((flags & 0x7800) != 0 || (flags & 0x000F) != 0)
        {
            return false;
        }

        var questions = BinaryPrimitives.ReadUInt16BigEndian(span[4..]);
        var records = BinaryPrimitives.ReadUInt16BigEndian(span[6..]) + BinaryPrimitives.ReadUInt16BigEndian(span[8..])
            + BinaryPrimitives.ReadUInt16BigEndian(span[10..]);
        if (questions * MinQuestionBytes + records * MinRecordBytes > span.Length - HeaderBytes)
        {
            return false; // counts that cannot fit: refuse before the parser sizes lists by them
        }

        DnsMessage message;
        try
        {
            message = DnsMessage.Parse(datagram);
        }
#pragma warning disable CA1031 // a malformed datagram may make the parser throw anything; it is dropped
        catch (Exception ex) when (ex is not OutOfMemoryException)
#pragma warning restore CA1031
        {
            return false;
        }

        packet = new MdnsPacket(
            message.TransactionID,
            IsResponse: !message.IsQuery,
            Questions(message.Questions),
            Records(message.AnswerRecords),
            Records(message.AuthorityRecords),
            Records(message.AdditionalRecords))
        { IsTruncated = message.IsTruncated };
        return true;
    }

    private static List<MdnsQuestion> Questions(List<DnsQuestion> questions)
    {
        var result = new List<MdnsQuestion>(questions.Count);
        foreach (var question in questions)
        {
            var rrClass = (ushort)question.RecordClass;
            var plain = (ushort)(rrClass & ~MdnsConstants.TopBit);
            if (plain is MdnsConstants.ClassInternet or MdnsConstants.ClassAny)
            {
                result.Add(new MdnsQuestion(question.Name, question.RecordType, (rrClass & MdnsConstants.TopBit) != 0));
            }
        }

        return result;
    }

    private static List<MdnsRecord> Records(List<DnsRecordBase> records)
    {
        var result = new List<MdnsRecord>(records.Count);
        foreach (var record in records)
        {
            var rrClass = (ushort)record.RecordClass;
            if ((rrClass & ~MdnsConstants.TopBit) != MdnsConstants.ClassInternet)
            {
                continue;
            }

            var cacheFlush = (rrClass & MdnsConstants.TopBit) != 0;
            var ttl = record.TimeToLive < 0 ? 0u : (uint)record.TimeToLive; // RFC 2181 §8: a TTL with the top bit set is 0
            MdnsRecord? converted = record switch
            {
                PtrRecord ptr => new MdnsRecord(ptr.Name, RecordType.Ptr, ttl, cacheFlush) { Target = ptr.PointerDomainName },
                SrvRecord srv => new MdnsRecord(srv.Name, RecordType.Srv, ttl, cacheFlush)
                { Target = srv.Target, Port = srv.Port, Priority = srv.Priority, Weight = srv.Weight },
                TxtRecord txt => new MdnsRecord(txt.Name, RecordType.Txt, ttl, cacheFlush) { Text = TextOf(txt) },
                ARecord a => new MdnsRecord(a.Name, RecordType.A, ttl, cacheFlush) { Address = a.Address },
                AaaaRecord aaaa => new MdnsRecord(aaaa.Name, RecordType.Aaaa, ttl, cacheFlush) { Address = aaaa.Address },
                _ => null,
            };
            if (converted is not null)
            {
                result.Add(converted);
            }
        }

        return result;
    }

    /// <summary>RFC 6763 §6.1: a TXT record holding one empty string is the same as no keys at all.</summary>
    private static string[] TextOf(TxtRecord txt)
    {
        var parts = txt.TextParts.ToArray();
        return parts is [""] ? [] : parts;
    }
}
