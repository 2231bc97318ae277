using System.Buffers.Binary;
using System.Text.Json;
using ComputeUtility.Server.Limits;
using ComputeUtility.Server.Messages;
using ComputeUtility.Server.Problems;

namespace ComputeUtility.Server.Migration;

/// <summary>
/// Writes and reads the snapshot format of spec 13.3: magic, version, JSON header, the memory as
/// its non-zero 64 KiB pages, then the undelivered messages. All integers little-endian. Version 2 is the delta form
/// (spec 13.5): the header names a <c>base</c>, and the page records are the pages that differ from the base's image.
/// </summary>
internal static class SnapshotFormat
{
    public const string Name = "cu-snapshot-1";
    public const string MediaType = "application/vnd.compute-utility.snapshot";
    public const int PageSize = 65536;
    private static readonly byte[] Magic = [0x00, 0x63, 0x75, 0x73];

    public const uint FullVersion = 1;
    public const uint DeltaVersion = 2;

    /// <summary>Writes a snapshot straight from the guest's memory (one copy of each non-zero page).</summary>
    public static byte[] Write(SnapshotHeader snapshotHeader, ReadOnlySpan<byte> memory, IReadOnlyList<InboundMessage> pendingMessages)
    {
        var pages = new List<int>();
        for (var page = 0; page < memory.Length / PageSize; page++)
        {
            if (memory.Slice(page * PageSize, PageSize).ContainsAnyExcept((byte)0))
            {
                pages.Add(page);
            }
        }

        return Write(snapshotHeader, memory, pendingMessages, pages);
    }

    /// <summary>
    /// Writes a snapshot with a record for each of <paramref name="pages"/> (in increasing order): all non-zero pages for a
    /// full snapshot, the changed ones (zero or not) for a delta, whose header names its <see cref="SnapshotHeader.Base"/>.
    /// </summary>
    public static byte[] Write(SnapshotHeader snapshotHeader, ReadOnlySpan<byte> memory, IReadOnlyList<InboundMessage> pendingMessages,
        IReadOnlyList<int> pages)
    {
        var header = JsonSerializer.SerializeToUtf8Bytes(snapshotHeader, JsonDefaults.Options);

        var size = 12 + header.Length + 8 + 4 + (pages.Count * (4 + PageSize)) + 4
                   + pendingMessages.Sum(m => 1 + 8 + 4 + m.Payload.Length);
        var bytes = new byte[size];
        var span = bytes.AsSpan();
        Magic.CopyTo(span);
        BinaryPrimitives.WriteUInt32LittleEndian(span[4..], snapshotHeader.Base is null ? FullVersion : DeltaVersion);
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

        var version = BinaryPrimitives.ReadUInt32LittleEndian(bytes[4..]);
        if (version is not (FullVersion or DeltaVersion))
        {
            throw Invalid("its format version is neither 1 nor 2");
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
            if (header.Format != Name)
            {
                throw Invalid($"its header names format '{header.Format}', not '{Name}'");
            }

            // A delta (version 2) names its base; a full snapshot names none.
            return (version == DeltaVersion) == !string.IsNullOrEmpty(header.Base)
                ? header
                : throw Invalid(version == DeltaVersion ? "it is a delta (version 2) without a base" : "it names a base but is not of version 2");
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

    /// <summary>
    /// The memory length and where each page record sits, in snapshot bytes this utility wrote itself (nothing else is checked):
    /// what a later delta of the same worker is compared against.
    /// </summary>
    public static (long MemoryBytes, List<(int Page, int Offset)> Pages) PageRecords(ReadOnlySpan<byte> bytes)
    {
        var at = 12 + (int)BinaryPrimitives.ReadUInt32LittleEndian(bytes[8..]);
        var memoryBytes = (long)BinaryPrimitives.ReadUInt64LittleEndian(bytes[at..]);
        var count = (int)BinaryPrimitives.ReadUInt32LittleEndian(bytes[(at + 8)..]);
        at += 12;
        var pages = new List<(int Page, int Offset)>(count);
        for (var i = 0; i < count; i++)
        {
            pages.Add(((int)BinaryPrimitives.ReadUInt32LittleEndian(bytes[at..]), at + 4));
            at += 4 + PageSize;
        }

        return (memoryBytes, pages);
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
