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

    /// <summary>The image of a full snapshot this utility wrote: its records are exactly its non-zero pages.</summary>
    public static SnapshotImage Of(byte[] full) => new SnapshotImage([]).With(full, zeroPagesRecorded: false);

    /// <summary>This image with the pages of a delta <paramref name="snapshot"/> on it laid over it.</summary>
    public SnapshotImage With(byte[] snapshot) => With(snapshot, zeroPagesRecorded: true);

    private SnapshotImage With(byte[] snapshot, bool zeroPagesRecorded)
    {
        var (memoryBytes, records) = SnapshotFormat.PageRecords(snapshot);
        var pages = new ReadOnlyMemory<byte>[memoryBytes / SnapshotFormat.PageSize];
        _pages.CopyTo(pages, 0);
        foreach (var (page, offset) in records)
        {
            // A delta records a page that became zero; the image keeps such a page as empty, like any zero page.
            var contents = snapshot.AsMemory(offset, SnapshotFormat.PageSize);
            pages[page] = zeroPagesRecorded && !contents.Span.ContainsAnyExcept((byte)0) ? ReadOnlyMemory<byte>.Empty : contents;
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
