namespace ComputeUtility.Server.Migration;

/// <summary>A snapshot just taken: its bytes in the format of spec 13.3, the last message it reflects, and the last event id then.</summary>
/// <param name="HoldsMessagesThrough">The highest sequence number the snapshot holds: the last undelivered message in it, or
/// <paramref name="CoversMessagesThrough"/> when there is none. A client moving the worker replays only what came after it.</param>
internal sealed record CapturedSnapshot(byte[] Bytes, long CoversMessagesThrough, long CoversEventsThrough, long HoldsMessagesThrough);
