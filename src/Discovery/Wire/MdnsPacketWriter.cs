using System.Buffers.Binary;
using System.Net.Sockets;
using System.Text;
using ARSoft.Tools.Net;
using ARSoft.Tools.Net.Dns;

namespace ComputeUtility.Discovery.Wire;

/// <summary>
/// Encodes a packet into a caller's buffer, with name compression (RFC 1035 §4.1.4).
/// Written here because ARSoft.Tools.Net 3.6.1 keeps its encoder internal and writes labels as ASCII.
/// </summary>
internal ref struct MdnsPacketWriter
{
    private readonly Span<byte> _buffer;
    private readonly List<(string[] Labels, int Start, int Offset)> _names;
    private int _position;

    private MdnsPacketWriter(Span<byte> buffer)
    {
        _buffer = buffer;
        _names = [];
        _position = 0;
    }

    /// <summary>Writes <paramref name="packet"/> and returns its length; throws when it does not fit.</summary>
    public static int Write(MdnsPacket packet, Span<byte> destination)
    {
        var writer = new MdnsPacketWriter(destination);
        writer.UInt16(packet.Id);
        writer.UInt16((ushort)((packet.IsResponse ? 0x8400 : 0) | (packet.IsTruncated ? 0x0200 : 0)));
        writer.UInt16((ushort)packet.Questions.Count);
        writer.UInt16((ushort)packet.Answers.Count);
        writer.UInt16((ushort)packet.Authorities.Count);
        writer.UInt16((ushort)packet.Additionals.Count);
        foreach (var question in packet.Questions)
        {
            writer.Name(question.Name);
            writer.UInt16((ushort)question.Type);
            writer.UInt16((ushort)(MdnsConstants.ClassInternet | (question.UnicastResponse ? MdnsConstants.TopBit : 0)));
        }

        foreach (var section in (ReadOnlySpan<IReadOnlyList<MdnsRecord>>)[packet.Answers, packet.Authorities, packet.Additionals])
        {
            foreach (var record in section)
            {
                writer.Record(record);
            }
        }

        return writer._position;
    }

    private void Record(MdnsRecord record)
    {
        Name(record.Name);
        UInt16((ushort)record.Type);
        UInt16((ushort)(MdnsConstants.ClassInternet | (record.CacheFlush ? MdnsConstants.TopBit : 0)));
        BinaryPrimitives.WriteUInt32BigEndian(Take(4), record.Ttl);
        var lengthAt = _position;
        Take(2);
        switch (record.Type)
        {
            case RecordType.Ptr:
                Name(record.Target!);
                break;
            case RecordType.Srv:
                UInt16(record.Priority);
                UInt16(record.Weight);
                UInt16(record.Port);
                Name(record.Target!); // RFC 6762 §18.14 allows compression in SRV targets
                break;
            case RecordType.Txt:
                TextStrings(record.Text);
                break;
            case RecordType.A or RecordType.Aaaa:
                var size = record.Address!.AddressFamily == AddressFamily.InterNetwork ? 4 : 16;
                record.Address.TryWriteBytes(Take(size), out _);
                break;
            default:
                throw new NotSupportedException($"record type {record.Type} is not written by this responder");
        }

        BinaryPrimitives.WriteUInt16BigEndian(_buffer.Slice(lengthAt, 2), (ushort)(_position - lengthAt - 2));
    }

    private void TextStrings(IReadOnlyList<string> text)
    {
        if (text.Count == 0)
        {
            Take(1)[0] = 0; // RFC 6763 §6.1: an empty TXT record is one empty string
            return;
        }

        foreach (var item in text)
        {
            var length = Encoding.UTF8.GetByteCount(item);
            if (length > 255)
            {
                throw new ArgumentException($"TXT string longer than 255 bytes: {item}");
            }

            Take(1)[0] = (byte)length;
            Encoding.UTF8.GetBytes(item, Take(length));
        }
    }

    private void Name(DomainName name)
    {
        var labels = name.Labels;
        for (var start = 0; start < labels.Length; start++)
        {
            var known = Find(labels, start);
            if (known >= 0)
            {
                UInt16((ushort)(0xC000 | known));
                return;
            }

            if (_position < 0x3FFF)
            {
                _names.Add((labels, start, _position));
            }

            var length = Encoding.UTF8.GetByteCount(labels[start]);
            if (length is 0 or > 63)
            {
                throw new ArgumentException($"DNS label must be 1 to 63 bytes: '{labels[start]}'");
            }

            Take(1)[0] = (byte)length;
            Encoding.UTF8.GetBytes(labels[start], Take(length));
        }

        Take(1)[0] = 0;
    }

    private readonly int Find(string[] labels, int start)
    {
        foreach (var (known, knownStart, offset) in _names)
        {
            if (known.Length - knownStart != labels.Length - start)
            {
                continue;
            }

            var same = true;
            for (var i = 0; same && i < labels.Length - start; i++)
            {
                same = string.Equals(known[knownStart + i], labels[start + i], StringComparison.OrdinalIgnoreCase);
            }

            if (same)
            {
                return offset;
            }
        }

        return -1;
    }

    private void UInt16(ushort value) => BinaryPrimitives.WriteUInt16BigEndian(Take(2), value);

    private Span<byte> Take(int count)
    {
        if (_position + count > _buffer.Length)
        {
            throw new ArgumentException("the packet does not fit the buffer");
        }

        var span = _buffer.Slice(_position, count);
        _position += count;
        return span;
    }
}
