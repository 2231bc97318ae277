using System.Buffers.Binary;
using System.Text.Json;
using ComputeUtility.Server.Http;
using ComputeUtility.Server.Limits;
using ComputeUtility.Server.Messages;
using ComputeUtility.Server.Problems;

namespace ComputeUtility.Server.Migration;

/// <summary>
/// Reads the undelivered messages at the end of a snapshot and holds them to what the utility would have accepted itself:
/// at most <c>maxQueuedMessages</c>, each at most <c>maxMessageBytes</c>, kind 0 exactly one JSON value (CU-CHAN-11, CU-ABI-9),
/// numbered in increasing order after <c>coversMessagesThrough</c> with room for one more (CU-CHAN-9).
/// </summary>
internal static class HeldMessages
{
    private const int RecordHeader = 13;

    public static List<InboundMessage> Read(ReadOnlySpan<byte> bytes, ref int at, SnapshotHeader header, LimitsOptions limits)
    {
        SnapshotFormat.Need(bytes, at, 4);
        var count = BinaryPrimitives.ReadUInt32LittleEndian(bytes[at..]);
        at += 4;
        if (count > limits.MaxQueuedMessages)
        {
            throw new ProblemException(ProblemTypes.PackageTooLarge,
                    $"The snapshot holds {count} undelivered messages; a worker here may have {limits.MaxQueuedMessages} waiting.")
                .With("limit", limits.MaxQueuedMessages);
        }

        var pending = new List<InboundMessage>((int)count);
        var previous = (ulong)header.CoversMessagesThrough;
        for (var i = 0; i < count; i++)
        {
            SnapshotFormat.Need(bytes, at, RecordHeader);
            var kind = bytes[at];
            var sequence = BinaryPrimitives.ReadUInt64LittleEndian(bytes[(at + 1)..]);
            var length = BinaryPrimitives.ReadUInt32LittleEndian(bytes[(at + 9)..]);
            if (kind > (byte)MessageKind.Binary)
            {
                throw SnapshotFormat.Invalid($"message {i} has kind {kind}");
            }

            // The next message accepted gets the last sequence + 1, which must still be a sequence number.
            if (sequence <= previous || sequence >= long.MaxValue)
            {
                throw SnapshotFormat.Invalid($"message {i} has sequence {sequence}, not one after {previous} and below {long.MaxValue}");
            }

            if (length > limits.MaxMessageBytes)
            {
                throw new ProblemException(ProblemTypes.PackageTooLarge,
                        $"Undelivered message {i} of the snapshot is {length} bytes; this utility accepts messages of {limits.MaxMessageBytes}.")
                    .With("limit", limits.MaxMessageBytes);
            }

            SnapshotFormat.Need(bytes, at + RecordHeader, (int)length);
            var payload = bytes.Slice(at + RecordHeader, (int)length);
            if (kind == (byte)MessageKind.Json && !Http.SingleJsonValue.Is(payload))
            {
                throw SnapshotFormat.Invalid($"message {i} is of kind 0 (JSON) but is not exactly one JSON value");
            }

            pending.Add(new InboundMessage((long)sequence, payload.ToArray(), (MessageKind)kind));
            previous = sequence;
            at += RecordHeader + (int)length;
        }

        return pending;
    }
}
