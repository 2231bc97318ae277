namespace ComputeUtility.Server.Events;

/// <summary>
/// One outbound event of a worker. <see cref="Data"/> is UTF-8 JSON for every kind except
/// <see cref="EventKinds.Binary"/>, where it holds the raw bytes the guest posted.
/// </summary>
internal sealed record ChannelEvent(long Id, string Kind, ReadOnlyMemory<byte> Data);
