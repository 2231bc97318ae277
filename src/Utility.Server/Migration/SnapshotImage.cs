namespace ComputeUtility.Server.Migration;

/// <summary>
/// The memory a snapshot stands for, page by page, as slices of the snapshot bytes that hold each page's latest contents
/// (empty for a zero page): a delta is taken by comparing the live memory with it, exactly, with no copy of its own.
/// </summary>
internal sealed class SnapshotImage
{
    private readonly ReadOnlyMemory<byte>[] _pages;

    private SnapshotImage(ReadOnlyMemory<byte>[] pages) => _pages = pages;

    public long MemoryBytes => (long)_pages.Length * SnapshotFormat.PageSize;

    /// <summary>The image of a full snapshot this utility wrote.</summary>
    public static SnapshotImage Of(byte[] full) => new SnapshotImage([]).With(full);

    /// <summary>This image with the pages of <paramref name="snapshot"/> (a delta on it, or a full snapshot on nothing) laid over it.</summary>
    public SnapshotImage With(byte[] snapshot)
    {
        var (memoryBytes, records) = SnapshotFormat.PageRecords(snapshot);
        var pages = new ReadOnlyMemory<byte>[memoryBytes / SnapshotFormat.PageSize];
        _pages.CopyTo(pages, 0);
        foreach (var (page, offset) in records)
        {
            var contents = snapshot.AsMemory(offset, SnapshotFormat.PageSize);
            pages[page] = contents.Span.ContainsAnyExcept((byte)0) ? contents : ReadOnlyMemory<byte>.Empty;
        }

        return new SnapshotImage(pages);
    }

    /// <summary>True when <paramref name="page"/> of the image holds exactly <paramref name="contents"/>.</summary>
    public bool Holds(int page, ReadOnlySpan<byte> contents)
    {
        var kept = page < _pages.Length ? _pages[page] : ReadOnlyMemory<byte>.Empty;
        return kept.IsEmpty ? !contents.ContainsAnyExcept((byte)0) : contents.SequenceEqual(kept.Span);
    }
}
