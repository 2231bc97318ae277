using System.Buffers.Binary;
using System.Text;
using ARSoft.Tools.Net.Dns;
using ComputeUtility.Discovery.Wire;

namespace ComputeUtility.Discovery.Responder;

/// <summary>
/// RFC 6762 §8.2: when two hosts probe for the same name at once, the one whose proposed records compare
/// lexicographically later (class, type, then raw rdata) wins; the loser waits a second and probes again.
/// </summary>
internal static class ProbeTieBreaker
{
    /// <summary>Positive when ours win, negative when theirs win, zero when the sets are the same.</summary>
    public static int Compare(IReadOnlyList<MdnsRecord> ours, IReadOnlyList<MdnsRecord> theirs)
    {
        var a = ours.Select(Key).Order(KeyComparer.Instance).ToArray();
        var b = theirs.Select(Key).Order(KeyComparer.Instance).ToArray();
        for (var i = 0; i < Math.Min(a.Length, b.Length); i++)
        {
            var c = KeyComparer.Instance.Compare(a[i], b[i]);
            if (c != 0)
            {
                return c;
            }
        }

        return a.Length.CompareTo(b.Length);
    }

    private static byte[] Key(MdnsRecord record)
    {
        var data = new List<byte> { 0, (byte)MdnsConstants.ClassInternet, (byte)((int)record.Type >> 8), (byte)record.Type };
        switch (record.Type)
        {
            case RecordType.Srv:
                Span<byte> numbers = stackalloc byte[6];
                BinaryPrimitives.WriteUInt16BigEndian(numbers, record.Priority);
                BinaryPrimitives.WriteUInt16BigEndian(numbers[2..], record.Weight);
                BinaryPrimitives.WriteUInt16BigEndian(numbers[4..], record.Port);
                data.AddRange(numbers.ToArray());
                AddName(data, record.Target!.Labels);
                break;
            case RecordType.Ptr:
                AddName(data, record.Target!.Labels);
                break;
            case RecordType.Txt:
                foreach (var text in record.Text)
                {
                    data.Add((byte)Encoding.UTF8.GetByteCount(text));
                    data.AddRange(Encoding.UTF8.GetBytes(text));
                }

                break;
            default:
                data.AddRange(record.Address?.GetAddressBytes() ?? []);
                break;
        }

        return [.. data];
    }

    private static void AddName(List<byte> data, string[] labels)
    {
        foreach (var label in labels)
        {
            data.Add((byte)Encoding.UTF8.GetByteCount(label));
            data.AddRange(Encoding.UTF8.GetBytes(label));
        }

        data.Add(0);
    }

    private sealed class KeyComparer : IComparer<byte[]>
    {
        public static readonly KeyComparer Instance = new();

        public int Compare(byte[]? x, byte[]? y) => x.AsSpan().SequenceCompareTo(y);
    }
}
