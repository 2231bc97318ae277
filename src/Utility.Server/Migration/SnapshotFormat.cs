using System.Buffers.Binary;
using System.Text.Json;
using ComputeUtility.Server.Limits;
using ComputeUtility.Server.Messages;
using ComputeUtility.Server.Problems;

namespace ComputeUtility.Server.Migration;

/// <summary>
/// Writes and reads the snapshot format of spec 13.3: magic, version, JSON header, the memory as
/// its non-zero 64 KiB pages, then the undelivered messages. All integers little-endian.
/// </summary>
internal static class SnapshotFormat
{
    public const string Name = "cu-snapshot-1";
    public const string MediaType = "application/vnd.compute-utility.snapshot";
    public const int PageSize = 65536;
    private static readonly byte[] Magic = [0x00, 0x63, 0x75, 0x73];

    /// <summary>Writes a snapshot straight from the guest's memory (one copy of each non-zero page).</summary>
    public static byte[] Write(SnapshotHeader snapshotHeader, ReadOnlySpan<byte> memory, IReadOnlyList<InboundMessage> pendingMessages)
    {
        var header = JsonSerializer.SerializeToUtf8Bytes(snapshotHeader, JsonDefaults.Options);
        var pages = new List<int>();
        for (var page = 0; page < memory.Length / PageSize; page++)
        {
            if (memory.Slice(page * PageSize, PageSize).ContainsAnyExcept((byte)0))
            {
                pages.Add(page);
            }
        }

        var size = 12 + header.Length + 8 + 4 + (pages.Count * (4 + PageSize)) + 4
                   + pendingMessages.Sum(m => 1 + 8 + 4 + m.Payload.Length);
        var bytes = new byte[size];
        var span = bytes.AsSpan();
        Magic.CopyTo(span);
        BinaryPrimitives.WriteUInt32LittleEndian(span[4..], 1);
        BinaryPrimitives.WriteUInt32LittleEndian(span[8..], (uint)header.Length);
        header.CopyTo(span[12..]);
        var at = 12 + header.Length;
        BinaryPrimitives.WriteUInt64LittleEndian(span[at..], (ulong)memory.Length);
        BinaryPrimitives.WriteUInt32LittleEndian(span[(at + 8)..], (uint)pages.Count);
        at += 12;
        foreach (var page in pages)
        {
            BinaryPrimitives.WriteUInt32LittleEndian(span[at..], (uint)page);
            memory.Slice(page * PageSize, PageSize).CopyTo(span[(at + 4)..]);
            at += 4 + PageSize;
        }

        BinaryPrimitives.WriteUInt32LittleEndian(span[at..], (uint)pendingMessages.Count);
        at += 4;
        foreach (var message in pendingMessages)
        {
            span[at] = (byte)message.Kind;
            BinaryPrimitives.WriteUInt64LittleEndian(span[(at + 1)..], (ulong)message.Sequence);
            BinaryPrimitives.WriteUInt32LittleEndian(span[(at + 9)..], (uint)message.Payload.Length);
            message.Payload.Span.CopyTo(span[(at + 13)..]);
            at += 13 + message.Payload.Length;
        }

        return bytes;
    }

    /// <summary>Reads the header only, so limits can be checked before the memory is expanded.</summary>
    public static SnapshotHeader ReadHeader(ReadOnlySpan<byte> bytes)
    {
        if (bytes.Length < 12 || !bytes[..4].SequenceEqual(Magic))
        {
            throw Invalid("it does not start with the snapshot magic bytes");
        }

        if (BinaryPrimitives.ReadUInt32LittleEndian(bytes[4..]) != 1)
        {
            throw Invalid("its format version is not 1");
        }

        var length = BinaryPrimitives.ReadUInt32LittleEndian(bytes[8..]);
        if (length > bytes.Length - 12)
        {
            throw Invalid("its header runs past the end");
        }

        try
        {
            var header = JsonSerializer.Deserialize<SnapshotHeader>(bytes.Slice(12, (int)length), JsonDefaults.Options)
                ?? throw Invalid("its header is empty");
            return header.Format == Name ? header : throw Invalid($"its header names format '{header.Format}', not '{Name}'");
        }
        catch (JsonException ex)
        {
            throw Invalid($"its header is not valid JSON ({ex.Message})");
        }
    }

    /// <summary>
    /// Reads the whole snapshot, checking its structure, the memory limit and the held messages against
    /// <paramref name="limits"/>; pages stay where they are.
    /// </summary>
    public static ParsedSnapshot Read(ReadOnlyMemory<byte> snapshot, LimitsOptions limits) => Read(snapshot, ReadHeader(snapshot.Span), limits);

    /// <summary>As <see cref="Read(ReadOnlyMemory{byte}, LimitsOptions)"/>, with the <paramref name="header"/> the caller already read.</summary>
    public static ParsedSnapshot Read(ReadOnlyMemory<byte> snapshot, SnapshotHeader header, LimitsOptions limits)
    {
        var bytes = snapshot.Span;
        // The next message accepted gets coversMessagesThrough + 1 when nothing is held: it must still be a sequence number.
        if (header.CoversMessagesThrough is < 0 or long.MaxValue || header.CoversEventsThrough < 0)
        {
            throw Invalid("its header's position in the message or event sequence is out of range");
        }

        var at = 12 + (int)BinaryPrimitives.ReadUInt32LittleEndian(bytes[8..]);
        Need(bytes, at, 12);
        var memoryLimit = limits.MaxMemoryBytesPerWorker;
        var memoryBytes = BinaryPrimitives.ReadUInt64LittleEndian(bytes[at..]);
        if (memoryBytes % PageSize != 0 || header.MemoryBytes < 0 || memoryBytes != (ulong)header.MemoryBytes)
        {
            throw Invalid("its memory length is not the header's, or not a whole number of pages");
        }

        if (memoryBytes > (ulong)memoryLimit)
        {
            throw new ProblemException(ProblemTypes.PackageTooLarge,
                    $"The snapshot holds {memoryBytes} bytes of memory; this utility allows {memoryLimit} per worker.")
                .With("limit", memoryLimit);
        }

        var pageCount = BinaryPrimitives.ReadUInt32LittleEndian(bytes[(at + 8)..]);
        at += 12;
        var pages = new List<(int Page, int Offset)>((int)Math.Min(pageCount, memoryBytes / PageSize));
        var previous = -1L;
        for (var i = 0; i < pageCount; i++)
        {
            Need(bytes, at, 4 + PageSize);
            var page = BinaryPrimitives.ReadUInt32LittleEndian(bytes[at..]);
            if (page <= previous || (page + 1UL) * PageSize > memoryBytes)
            {
                throw Invalid("its page records are out of order or outside the memory");
            }

            pages.Add(((int)page, at + 4));
            previous = page;
            at += 4 + PageSize;
        }

        var pending = HeldMessages.Read(bytes, ref at, header, limits);
        if (at != bytes.Length)
        {
            throw Invalid("bytes follow the last message record");
        }

        return new ParsedSnapshot(header, snapshot, pages, pending);
    }

    internal static void Need(ReadOnlySpan<byte> bytes, int at, int count)
    {
        if (at < 0 || count < 0 || (long)at + count > bytes.Length)
        {
            throw Invalid("it ends early");
        }
    }

    internal static ProblemException Invalid(string why) =>
        new(ProblemTypes.InvalidModule, $"The snapshot is not in the snapshot format: {why}.");
}
