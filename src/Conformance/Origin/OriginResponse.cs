namespace ComputeUtility.Conformance.Origin;

/// <summary>What the suite's origin answers at one path: bytes, a failure, a redirect or an endless body.</summary>
internal sealed record OriginResponse(byte[] Body, string ContentType)
{
    /// <summary>Answer with this status instead, this many times, then serve the body.</summary>
    public int FailTimes { get; init; }

    public int FailStatus { get; init; } = 500;

    /// <summary>Answer 302 to this location instead of the body.</summary>
    public string? RedirectTo { get; init; }

    /// <summary>Stream bytes without end (bounded by a safety cap) to see where the utility stops reading.</summary>
    public bool Endless { get; init; }

    /// <summary>With <see cref="Endless"/>: after this many bytes, hold the connection open for a while before going on,
    /// so a utility that waits for the whole body answers late and one that enforces its cap answers at once.</summary>
    public long? HoldAfterBytes { get; init; }
}
